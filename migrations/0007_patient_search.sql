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
