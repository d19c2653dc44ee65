CREATE TABLE `reminder_sends` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rule_id` integer NOT NULL,
	`appointment_id` integer NOT NULL,
	`schedule_revision` integer NOT NULL,
	`address` text,
	`channel` text,
	`message_id` integer,
	`outcome` text NOT NULL,
	`detail` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`rule_id`) REFERENCES `reminder_rules`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`appointment_id`) REFERENCES `appointments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reminder_sends_uq` ON `reminder_sends` (`rule_id`,`appointment_id`,`schedule_revision`);--> statement-breakpoint
CREATE INDEX `reminder_sends_address_idx` ON `reminder_sends` (`address`,`created_at`);--> statement-breakpoint
CREATE INDEX `reminder_sends_message_idx` ON `reminder_sends` (`message_id`);