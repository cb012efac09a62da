ALTER TABLE `batches` ADD `target_duration_seconds` integer;--> statement-breakpoint
ALTER TABLE `batches` ADD `language` text DEFAULT 'ZH' NOT NULL;--> statement-breakpoint
ALTER TABLE `batches` ADD `estimate` text;--> statement-breakpoint
ALTER TABLE `clip_plans` ADD `note` text;--> statement-breakpoint
ALTER TABLE `usage_records` ADD `original_video_tokens` integer;