CREATE TABLE `batches` (
	`id` text PRIMARY KEY NOT NULL,
	`status` text DEFAULT 'QUEUED' NOT NULL,
	`current_stage` text,
	`progress` real DEFAULT 0 NOT NULL,
	`compression_profile` text NOT NULL,
	`temp_url_expiry_seconds` integer NOT NULL,
	`output` text NOT NULL,
	`enable_vl_analysis` integer NOT NULL,
	`enable_asr` integer NOT NULL,
	`webhook_url` text,
	`custom_prompt` text,
	`auto_approve` integer NOT NULL,
	`error` text,
	`estimated_completion_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	`completed_at` integer
);
--> statement-breakpoint
CREATE INDEX `batches_created_idx` ON `batches` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `batches_status_idx` ON `batches` (`status`);--> statement-breakpoint
CREATE TABLE `clip_plans` (
	`id` text PRIMARY KEY NOT NULL,
	`batch_id` text NOT NULL,
	`version` integer NOT NULL,
	`status` text DEFAULT 'DRAFT' NOT NULL,
	`origin` text NOT NULL,
	`theme` text NOT NULL,
	`total_duration_seconds` real NOT NULL,
	`custom_prompt` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`approved_at` integer,
	FOREIGN KEY (`batch_id`) REFERENCES `batches`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `clip_plans_batch_version_uq` ON `clip_plans` (`batch_id`,`version`);--> statement-breakpoint
CREATE TABLE `clips` (
	`id` text PRIMARY KEY NOT NULL,
	`plan_id` text NOT NULL,
	`position` integer NOT NULL,
	`video_index` integer NOT NULL,
	`start` real NOT NULL,
	`end` real NOT NULL,
	`reason` text NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `clip_plans`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `clips_plan_position_uq` ON `clips` (`plan_id`,`position`);--> statement-breakpoint
CREATE TABLE `renders` (
	`id` text PRIMARY KEY NOT NULL,
	`batch_id` text NOT NULL,
	`plan_version` integer NOT NULL,
	`status` text DEFAULT 'PENDING' NOT NULL,
	`local_path` text,
	`storage_key` text,
	`url` text,
	`url_expires_at` integer,
	`duration_seconds` real,
	`size_bytes` integer,
	`width` integer,
	`height` integer,
	`error` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`completed_at` integer,
	FOREIGN KEY (`batch_id`) REFERENCES `batches`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `renders_batch_idx` ON `renders` (`batch_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `stage_runs` (
	`batch_id` text NOT NULL,
	`stage` text NOT NULL,
	`status` text DEFAULT 'PENDING' NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	`items_done` integer DEFAULT 0 NOT NULL,
	`items_total` integer DEFAULT 0 NOT NULL,
	`message` text,
	PRIMARY KEY(`batch_id`, `stage`),
	FOREIGN KEY (`batch_id`) REFERENCES `batches`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `usage_records` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`batch_id` text NOT NULL,
	`stage` text NOT NULL,
	`video_index` integer,
	`model` text NOT NULL,
	`prompt_tokens` integer NOT NULL,
	`completion_tokens` integer NOT NULL,
	`cost` real NOT NULL,
	`estimated_video_tokens` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`batch_id`) REFERENCES `batches`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `usage_batch_idx` ON `usage_records` (`batch_id`);--> statement-breakpoint
CREATE TABLE `videos` (
	`id` text PRIMARY KEY NOT NULL,
	`batch_id` text NOT NULL,
	`index` integer NOT NULL,
	`source_type` text NOT NULL,
	`source_path` text,
	`source_url` text,
	`compression_profile` text,
	`status` text DEFAULT 'PENDING' NOT NULL,
	`progress` real DEFAULT 0 NOT NULL,
	`local_path` text,
	`downloaded` integer DEFAULT false NOT NULL,
	`probe` text,
	`compressed` text,
	`temp_key` text,
	`temp_url` text,
	`temp_expires_at` integer,
	`analysis` text,
	`transcript` text,
	`error` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`batch_id`) REFERENCES `batches`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `videos_batch_index_uq` ON `videos` (`batch_id`,`index`);--> statement-breakpoint
CREATE TABLE `webhook_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`delivery_id` text NOT NULL,
	`attempted_at` integer NOT NULL,
	`status_code` integer,
	`error` text,
	`duration_ms` integer NOT NULL,
	FOREIGN KEY (`delivery_id`) REFERENCES `webhook_deliveries`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `webhook_attempts_delivery_idx` ON `webhook_attempts` (`delivery_id`);--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`batch_id` text NOT NULL,
	`event` text NOT NULL,
	`url` text NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'PENDING' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`delivered_at` integer,
	FOREIGN KEY (`batch_id`) REFERENCES `batches`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `webhook_due_idx` ON `webhook_deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `webhook_batch_idx` ON `webhook_deliveries` (`batch_id`);