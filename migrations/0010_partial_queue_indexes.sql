DROP INDEX `deliveries_provider_id_idx`;--> statement-breakpoint
DROP INDEX `deliveries_sent_at_idx`;--> statement-breakpoint
DROP INDEX `deliveries_final_at_idx`;--> statement-breakpoint
CREATE INDEX `deliveries_provider_id_idx` ON `deliveries` (`provider_id`) WHERE "deliveries"."provider_id" is not null;--> statement-breakpoint
CREATE INDEX `deliveries_sent_at_idx` ON `deliveries` (`sent_at`) WHERE "deliveries"."sent_at" is not null;--> statement-breakpoint
CREATE INDEX `deliveries_final_at_idx` ON `deliveries` (`final_at`) WHERE "deliveries"."final_at" is not null;--> statement-breakpoint
DROP INDEX `messages_dedupe_uq`;--> statement-breakpoint
DROP INDEX `messages_provider_id_uq`;--> statement-breakpoint
DROP INDEX `messages_broadcast_idx`;--> statement-breakpoint
CREATE UNIQUE INDEX `messages_dedupe_uq` ON `messages` (`dedupe_key`) WHERE "messages"."dedupe_key" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX `messages_provider_id_uq` ON `messages` (`provider_message_id`) WHERE "messages"."provider_message_id" is not null;--> statement-breakpoint
CREATE INDEX `messages_broadcast_idx` ON `messages` (`broadcast_id`) WHERE "messages"."broadcast_id" is not null;