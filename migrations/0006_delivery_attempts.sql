CREATE TABLE `delivery_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`delivery_id` integer NOT NULL,
	`attempt_no` integer NOT NULL,
	`started_at` integer NOT NULL,
	`provider` text NOT NULL,
	`channel` text NOT NULL,
	`to_address` text NOT NULL,
	`sender` text,
	`body` text,
	`subject` text,
	`content_sid` text,
	`content_variables` text,
	`media` text,
	`provider_id` text,
	`outcome` text,
	`checking_until` integer,
	`next_lookup_at` integer,
	`lookups` integer DEFAULT 0 NOT NULL,
	`ended_at` integer,
	FOREIGN KEY (`delivery_id`) REFERENCES `deliveries`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `delivery_attempts_delivery_idx` ON `delivery_attempts` (`delivery_id`,`attempt_no`);--> statement-breakpoint
CREATE INDEX `delivery_attempts_address_idx` ON `delivery_attempts` (`channel`,`to_address`);--> statement-breakpoint
CREATE INDEX `delivery_attempts_provider_id_idx` ON `delivery_attempts` (`provider_id`);--> statement-breakpoint
CREATE INDEX `delivery_attempts_lookup_idx` ON `delivery_attempts` (`next_lookup_at`);--> statement-breakpoint
CREATE INDEX `deliveries_due_channel_idx` ON `deliveries` (`state`,`channel`,`next_attempt_at`);--> statement-breakpoint
-- Existing deliveries keep the sid they already own (a reconciliation must never claim it again)
-- and their last attempt's content where it is known: the message's own body on its own channel.
-- A fallback channel's rendered body was never stored, so it stays NULL (matched without a body).
INSERT INTO `delivery_attempts` (`delivery_id`, `attempt_no`, `started_at`, `provider`, `channel`, `to_address`, `sender`, `body`, `subject`, `provider_id`, `outcome`, `ended_at`)
SELECT d.`id`, d.`attempt_count`, coalesce(d.`attempt_started_at`, d.`updated_at`), d.`provider`, d.`channel`, d.`address`, d.`sender`,
  CASE WHEN d.`channel` = m.`channel` THEN m.`body` END,
  CASE WHEN d.`channel` = m.`channel` THEN m.`subject` END,
  d.`provider_id`,
  CASE WHEN d.`state` = 'sending' THEN 'unknown' WHEN d.`provider_id` IS NOT NULL THEN 'accepted' ELSE 'failed' END,
  CASE WHEN d.`state` = 'sending' THEN NULL ELSE d.`updated_at` END
FROM `deliveries` d JOIN `messages` m ON m.`id` = d.`message_id`
WHERE d.`attempt_count` > 0;
