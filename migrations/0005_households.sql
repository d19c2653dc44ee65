CREATE TABLE `households` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
DROP INDEX `conversations_patient_uq`;--> statement-breakpoint
ALTER TABLE `conversations` ADD `household_id` integer REFERENCES households(id);--> statement-breakpoint
CREATE INDEX `conversations_patient_idx` ON `conversations` (`patient_id`);--> statement-breakpoint
ALTER TABLE `messages` ADD `hold_exempt` text;--> statement-breakpoint
ALTER TABLE `patients` ADD `household_id` integer REFERENCES households(id);--> statement-breakpoint
CREATE INDEX `patients_household_idx` ON `patients` (`household_id`);--> statement-breakpoint
-- Data: patients linked by a shared contact point (same kind and value) form one household,
-- numbered by its lowest patient id; each household's per-patient conversations become one
-- (the oldest is kept), with every message and note moved into it, unread counts added up,
-- the assignee, flag, status (open wins, then snoozed) and WhatsApp window carried over.
-- The links are a star per shared value (each sharer to the value's lowest patient), not every
-- pair of sharers, and the walk from each patient only climbs to higher ids: the walk from a
-- household's lowest id still reaches all of it, and the lowest start reaching a patient is its
-- household. A placeholder email on thousands of records then costs thousands of rows, not
-- millions. Tables are declared with types so their keys are usable as indexes.
CREATE TEMP TABLE `_shared_value` AS
SELECT kind, value, min(patient_id) AS root FROM contact_points GROUP BY kind, value HAVING count(DISTINCT patient_id) > 1;
--> statement-breakpoint
CREATE TEMP TABLE `_link` (`a` integer NOT NULL, `b` integer NOT NULL, PRIMARY KEY (`a`, `b`)) WITHOUT ROWID;
--> statement-breakpoint
INSERT OR IGNORE INTO `_link` (`a`, `b`)
SELECT c.patient_id, s.root FROM contact_points c JOIN _shared_value s ON s.kind = c.kind AND s.value = c.value WHERE c.patient_id != s.root
UNION ALL
SELECT s.root, c.patient_id FROM contact_points c JOIN _shared_value s ON s.kind = c.kind AND s.value = c.value WHERE c.patient_id != s.root;
--> statement-breakpoint
CREATE TEMP TABLE `_linked_root` (`patient_id` integer PRIMARY KEY, `root` integer NOT NULL);
--> statement-breakpoint
INSERT INTO `_linked_root` (`patient_id`, `root`)
WITH RECURSIVE `walk`(`start`, `at`) AS (
  SELECT DISTINCT a, a FROM _link
  UNION
  SELECT walk.start, l.b FROM walk JOIN _link l ON l.a = walk.at WHERE l.b > walk.start
)
SELECT at, min(start) FROM walk GROUP BY at;
--> statement-breakpoint
CREATE TEMP TABLE `_household_of` (`patient_id` integer PRIMARY KEY, `root` integer NOT NULL);
--> statement-breakpoint
INSERT INTO `_household_of` (`patient_id`, `root`)
SELECT p.id, coalesce(r.root, p.id) FROM patients p LEFT JOIN _linked_root r ON r.patient_id = p.id;
--> statement-breakpoint
DROP TABLE `_linked_root`;
--> statement-breakpoint
DROP TABLE `_link`;
--> statement-breakpoint
DROP TABLE `_shared_value`;
--> statement-breakpoint
INSERT INTO `households` (`id`, `created_at`, `updated_at`)
SELECT h.root, min(p.created_at), max(p.updated_at) FROM _household_of h JOIN patients p ON p.id = h.patient_id GROUP BY h.root;
--> statement-breakpoint
UPDATE `patients` SET `household_id` = (SELECT h.root FROM _household_of h WHERE h.patient_id = patients.id);
--> statement-breakpoint
UPDATE `conversations` SET `household_id` = (SELECT p.household_id FROM patients p WHERE p.id = conversations.patient_id)
WHERE `patient_id` IS NOT NULL;
--> statement-breakpoint
-- Until the merge leaves one conversation per household, a plain index serves the lookups by
-- household below (without it each of them scans every conversation).
CREATE INDEX `_conversations_household_tmp` ON `conversations` (`household_id`);
--> statement-breakpoint
CREATE TEMP TABLE `_conversation_keep` (`from_id` integer PRIMARY KEY, `to_id` integer NOT NULL);
--> statement-breakpoint
INSERT INTO `_conversation_keep` (`from_id`, `to_id`)
SELECT c.id, k.keep FROM conversations c
JOIN (SELECT household_id, min(id) AS keep FROM conversations WHERE household_id IS NOT NULL GROUP BY household_id) k
  ON k.household_id = c.household_id;
--> statement-breakpoint
UPDATE `conversations` SET
  `unread_count` = (SELECT sum(c.unread_count) FROM conversations c WHERE c.household_id = conversations.household_id),
  `assignee_staff_id` = coalesce(`assignee_staff_id`, (SELECT c.assignee_staff_id FROM conversations c
    WHERE c.household_id = conversations.household_id AND c.assignee_staff_id IS NOT NULL ORDER BY c.updated_at DESC, c.id LIMIT 1)),
  `flag` = coalesce(`flag`, (SELECT c.flag FROM conversations c
    WHERE c.household_id = conversations.household_id AND c.flag IS NOT NULL ORDER BY c.updated_at DESC, c.id LIMIT 1)),
  `status` = CASE
    WHEN EXISTS (SELECT 1 FROM conversations c WHERE c.household_id = conversations.household_id AND c.status = 'open') THEN 'open'
    WHEN EXISTS (SELECT 1 FROM conversations c WHERE c.household_id = conversations.household_id AND c.status = 'snoozed') THEN 'snoozed'
    ELSE 'resolved' END,
  `snoozed_until` = CASE
    WHEN EXISTS (SELECT 1 FROM conversations c WHERE c.household_id = conversations.household_id AND c.status = 'open') THEN NULL
    ELSE (SELECT min(c.snoozed_until) FROM conversations c WHERE c.household_id = conversations.household_id AND c.status = 'snoozed') END,
  `last_message_preview` = (SELECT c.last_message_preview FROM conversations c
    WHERE c.household_id = conversations.household_id ORDER BY coalesce(c.last_message_at, 0) DESC, c.id DESC LIMIT 1),
  `last_message_at` = (SELECT max(c.last_message_at) FROM conversations c WHERE c.household_id = conversations.household_id),
  `whatsapp_window_ends_at` = (SELECT max(c.whatsapp_window_ends_at) FROM conversations c WHERE c.household_id = conversations.household_id),
  `patient_id` = `household_id`,
  `updated_at` = (SELECT max(c.updated_at) FROM conversations c WHERE c.household_id = conversations.household_id)
WHERE `id` IN (SELECT to_id FROM _conversation_keep);
--> statement-breakpoint
UPDATE `messages` SET `conversation_id` = (SELECT k.to_id FROM _conversation_keep k WHERE k.from_id = messages.conversation_id)
WHERE `conversation_id` IN (SELECT from_id FROM _conversation_keep WHERE from_id != to_id);
--> statement-breakpoint
UPDATE `conversation_notes` SET `conversation_id` = (SELECT k.to_id FROM _conversation_keep k WHERE k.from_id = conversation_notes.conversation_id)
WHERE `conversation_id` IN (SELECT from_id FROM _conversation_keep WHERE from_id != to_id);
--> statement-breakpoint
INSERT INTO `audit_log` (`at`, `action`, `entity_type`, `entity_id`, `detail`)
SELECT c.updated_at, 'conversation.merged_into_household', 'conversation', CAST(k.from_id AS TEXT), json_object('into', k.to_id, 'householdId', c.household_id)
FROM _conversation_keep k JOIN conversations c ON c.id = k.from_id WHERE k.from_id != k.to_id;
--> statement-breakpoint
DELETE FROM `conversations` WHERE `id` IN (SELECT from_id FROM _conversation_keep WHERE from_id != to_id);
--> statement-breakpoint
DROP TABLE `_conversation_keep`;
--> statement-breakpoint
DROP TABLE `_household_of`;
--> statement-breakpoint
DROP INDEX `_conversations_household_tmp`;
--> statement-breakpoint
CREATE UNIQUE INDEX `conversations_household_uq` ON `conversations` (`household_id`);
