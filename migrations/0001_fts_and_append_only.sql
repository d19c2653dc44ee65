-- Full-text index over message text (body and email subject), kept in step by triggers.
-- External-content FTS5: the text lives once, in messages; the index holds only tokens.
CREATE VIRTUAL TABLE `messages_fts` USING fts5(body, subject, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `messages_fts_ai` AFTER INSERT ON `messages` BEGIN
  INSERT INTO messages_fts(rowid, body, subject) VALUES (new.id, new.body, coalesce(new.subject, ''));
END;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_ad` AFTER DELETE ON `messages` BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, body, subject) VALUES ('delete', old.id, old.body, coalesce(old.subject, ''));
END;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_au` AFTER UPDATE OF body, subject ON `messages` BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, body, subject) VALUES ('delete', old.id, old.body, coalesce(old.subject, ''));
  INSERT INTO messages_fts(rowid, body, subject) VALUES (new.id, new.body, coalesce(new.subject, ''));
END;
--> statement-breakpoint
-- Messages that existed before this migration are indexed now.
INSERT INTO messages_fts(messages_fts) VALUES ('rebuild');
--> statement-breakpoint
-- The audit log and the consent history are append-only.
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log` BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log` BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `consent_events_no_update` BEFORE UPDATE ON `consent_events` BEGIN
  SELECT RAISE(ABORT, 'consent_events is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `consent_events_no_delete` BEFORE DELETE ON `consent_events` BEGIN
  SELECT RAISE(ABORT, 'consent_events is append-only');
END;
