CREATE INDEX `deliveries_sent_at_idx` ON `deliveries` (`sent_at`);--> statement-breakpoint
CREATE INDEX `deliveries_final_at_idx` ON `deliveries` (`final_at`);--> statement-breakpoint
CREATE INDEX `messages_broadcast_idx` ON `messages` (`broadcast_id`);