CREATE INDEX `conversations_status_last_idx` ON `conversations` (`status`,`last_message_at`);--> statement-breakpoint
CREATE INDEX `conversations_unread_last_idx` ON `conversations` (`last_message_at`,`unread_count`) WHERE "conversations"."unread_count" > 0;--> statement-breakpoint
CREATE INDEX `messages_conversation_channel_idx` ON `messages` (`conversation_id`,`channel`);