-- Patient names in a full-text index, so a search for "Bennett" or "Maya Benn" finds the
-- patient's household conversation by word prefix instead of scanning every name with LIKE.
-- External content, as messages_fts: the names live once, in patients; triggers keep the index
-- in step with every write path (create, edit, import, delete).
CREATE VIRTUAL TABLE `patients_fts` USING fts5(first_name, last_name, content='patients', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `patients_fts_ai` AFTER INSERT ON `patients` BEGIN
  INSERT INTO patients_fts(rowid, first_name, last_name) VALUES (new.id, new.first_name, new.last_name);
END;
--> statement-breakpoint
CREATE TRIGGER `patients_fts_ad` AFTER DELETE ON `patients` BEGIN
  INSERT INTO patients_fts(patients_fts, rowid, first_name, last_name) VALUES ('delete', old.id, old.first_name, old.last_name);
END;
--> statement-breakpoint
CREATE TRIGGER `patients_fts_au` AFTER UPDATE OF first_name, last_name ON `patients` BEGIN
  INSERT INTO patients_fts(patients_fts, rowid, first_name, last_name) VALUES ('delete', old.id, old.first_name, old.last_name);
  INSERT INTO patients_fts(rowid, first_name, last_name) VALUES (new.id, new.first_name, new.last_name);
END;
--> statement-breakpoint
-- Patients that existed before this migration are indexed now.
INSERT INTO patients_fts(patients_fts) VALUES ('rebuild');
--> statement-breakpoint
-- Phone digits in a trigram index, so "7700 900123" or "0147" (any three digits or more, as
-- typed) finds the patient without a LIKE '%…%' scan over every contact point. Only phones are
-- indexed, as their digits without the '+'; rowid = contact_points.id.
CREATE VIRTUAL TABLE `phone_digits_fts` USING fts5(digits, tokenize='trigram');
--> statement-breakpoint
CREATE TRIGGER `phone_digits_fts_ai` AFTER INSERT ON `contact_points` WHEN new.kind = 'phone' BEGIN
  INSERT INTO phone_digits_fts(rowid, digits) VALUES (new.id, replace(new.value, '+', ''));
END;
--> statement-breakpoint
CREATE TRIGGER `phone_digits_fts_ad` AFTER DELETE ON `contact_points` WHEN old.kind = 'phone' BEGIN
  DELETE FROM phone_digits_fts WHERE rowid = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `phone_digits_fts_au` AFTER UPDATE OF kind, value ON `contact_points` BEGIN
  DELETE FROM phone_digits_fts WHERE rowid = old.id;
  INSERT INTO phone_digits_fts(rowid, digits) SELECT new.id, replace(new.value, '+', '') WHERE new.kind = 'phone';
END;
--> statement-breakpoint
INSERT INTO phone_digits_fts(rowid, digits) SELECT id, replace(value, '+', '') FROM contact_points WHERE kind = 'phone';
--> statement-breakpoint
-- The message index gains prefix indexes for 1-3 characters: a search is a prefix search
-- ("appo" finds "appointment"), and without them FTS5 merges the whole doclist of every term
-- that starts with a short prefix ("m", "re") before returning the first row, about 100 ms at a
-- million messages. Rebuilt from messages; the triggers of 0001 keep writing to it by name.
DROP TABLE `messages_fts`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `messages_fts` USING fts5(body, subject, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='1 2 3');
--> statement-breakpoint
INSERT INTO messages_fts(messages_fts) VALUES ('rebuild');
