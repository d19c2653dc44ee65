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
CREATE TEMP TABLE `_household_of` AS
WITH RECURSIVE
  `edge`(`a`, `b`) AS (
    SELECT c1.patient_id, c2.patient_id FROM contact_points c1
    JOIN contact_points c2 ON c2.kind = c1.kind AND c2.value = c1.value AND c2.patient_id != c1.patient_id
  ),
  `reach`(`p`, `q`) AS (
    SELECT id, id FROM patients
    UNION
    SELECT reach.p, edge.b FROM reach JOIN edge ON edge.a = reach.q
  )
SELECT p AS patient_id, min(q) AS root FROM reach GROUP BY p;
--> statement-breakpoint
INSERT INTO `households` (`id`, `created_at`, `updated_at`)
SELECT h.root, min(p.created_at), max(p.updated_at) FROM _household_of h JOIN patients p ON p.id = h.patient_id GROUP BY h.root;
--> statement-breakpoint
UPDATE `patients` SET `household_id` = (SELECT h.root FROM _household_of h WHERE h.patient_id = patients.id);
--> statement-breakpoint
UPDATE `conversations` SET `household_id` = (SELECT p.household_id FROM patients p WHERE p.id = conversations.patient_id)
WHERE `patient_id` IS NOT NULL;
--> statement-breakpoint
CREATE TEMP TABLE `_conversation_keep` AS
SELECT c.id AS from_id, k.keep AS to_id FROM conversations c
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
CREATE UNIQUE INDEX `conversations_household_uq` ON `conversations` (`household_id`);
