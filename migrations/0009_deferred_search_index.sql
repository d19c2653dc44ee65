-- Bulk writers (an import, a broadcast slice) index search set-based: inside their transaction
-- they put a row in search_index_deferrals naming the table and its highest id so far, the
-- triggers below skip rows above that id, and the writer indexes those rows with one
-- INSERT ... SELECT before it deletes the row and commits. Per-row FTS5 triggers cost tens of
-- microseconds a row (every statement's savepoint flushes FTS5's pending terms), which made a
-- 100,000-patient import five times slower. Every other write path is unchanged: with no row in
-- the table the triggers behave exactly as before. Updates and deletes of a deferred row skip
-- the index too (it is not in it yet; the writer's INSERT ... SELECT reads the row as it ends up).
CREATE TABLE `search_index_deferrals` (
	`table_name` text PRIMARY KEY NOT NULL,
	`after_id` integer NOT NULL
);
--> statement-breakpoint
DROP TRIGGER `patients_fts_ai`;
--> statement-breakpoint
DROP TRIGGER `patients_fts_ad`;
--> statement-breakpoint
DROP TRIGGER `patients_fts_au`;
--> statement-breakpoint
CREATE TRIGGER `patients_fts_ai` AFTER INSERT ON `patients`
WHEN NOT EXISTS (SELECT 1 FROM search_index_deferrals WHERE table_name = 'patients' AND after_id < new.id) BEGIN
  INSERT INTO patients_fts(rowid, first_name, last_name) VALUES (new.id, new.first_name, new.last_name);
END;
--> statement-breakpoint
CREATE TRIGGER `patients_fts_ad` AFTER DELETE ON `patients`
WHEN NOT EXISTS (SELECT 1 FROM search_index_deferrals WHERE table_name = 'patients' AND after_id < old.id) BEGIN
  INSERT INTO patients_fts(patients_fts, rowid, first_name, last_name) VALUES ('delete', old.id, old.first_name, old.last_name);
END;
--> statement-breakpoint
CREATE TRIGGER `patients_fts_au` AFTER UPDATE OF first_name, last_name ON `patients`
WHEN NOT EXISTS (SELECT 1 FROM search_index_deferrals WHERE table_name = 'patients' AND after_id < old.id) BEGIN
  INSERT INTO patients_fts(patients_fts, rowid, first_name, last_name) VALUES ('delete', old.id, old.first_name, old.last_name);
  INSERT INTO patients_fts(rowid, first_name, last_name) VALUES (new.id, new.first_name, new.last_name);
END;
--> statement-breakpoint
DROP TRIGGER `phone_digits_fts_ai`;
--> statement-breakpoint
DROP TRIGGER `phone_digits_fts_ad`;
--> statement-breakpoint
DROP TRIGGER `phone_digits_fts_au`;
--> statement-breakpoint
CREATE TRIGGER `phone_digits_fts_ai` AFTER INSERT ON `contact_points`
WHEN new.kind = 'phone' AND NOT EXISTS (SELECT 1 FROM search_index_deferrals WHERE table_name = 'contact_points' AND after_id < new.id) BEGIN
  INSERT INTO phone_digits_fts(rowid, digits) VALUES (new.id, replace(new.value, '+', ''));
END;
--> statement-breakpoint
CREATE TRIGGER `phone_digits_fts_ad` AFTER DELETE ON `contact_points`
WHEN old.kind = 'phone' AND NOT EXISTS (SELECT 1 FROM search_index_deferrals WHERE table_name = 'contact_points' AND after_id < old.id) BEGIN
  DELETE FROM phone_digits_fts WHERE rowid = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `phone_digits_fts_au` AFTER UPDATE OF kind, value ON `contact_points`
WHEN NOT EXISTS (SELECT 1 FROM search_index_deferrals WHERE table_name = 'contact_points' AND after_id < old.id) BEGIN
  DELETE FROM phone_digits_fts WHERE rowid = old.id;
  INSERT INTO phone_digits_fts(rowid, digits) SELECT new.id, replace(new.value, '+', '') WHERE new.kind = 'phone';
END;
--> statement-breakpoint
DROP TRIGGER `messages_fts_ai`;
--> statement-breakpoint
DROP TRIGGER `messages_fts_ad`;
--> statement-breakpoint
DROP TRIGGER `messages_fts_au`;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_ai` AFTER INSERT ON `messages`
WHEN NOT EXISTS (SELECT 1 FROM search_index_deferrals WHERE table_name = 'messages' AND after_id < new.id) BEGIN
  INSERT INTO messages_fts(rowid, body, subject) VALUES (new.id, new.body, coalesce(new.subject, ''));
END;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_ad` AFTER DELETE ON `messages`
WHEN NOT EXISTS (SELECT 1 FROM search_index_deferrals WHERE table_name = 'messages' AND after_id < old.id) BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, body, subject) VALUES ('delete', old.id, old.body, coalesce(old.subject, ''));
END;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_au` AFTER UPDATE OF body, subject ON `messages`
WHEN NOT EXISTS (SELECT 1 FROM search_index_deferrals WHERE table_name = 'messages' AND after_id < old.id) BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, body, subject) VALUES ('delete', old.id, old.body, coalesce(old.subject, ''));
  INSERT INTO messages_fts(rowid, body, subject) VALUES (new.id, new.body, coalesce(new.subject, ''));
END;
