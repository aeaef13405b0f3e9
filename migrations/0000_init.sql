CREATE TABLE `hackathons` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`status` text NOT NULL,
	`config` text NOT NULL,
	`current_spend` real DEFAULT 0 NOT NULL,
	`budget_used` real DEFAULT 0 NOT NULL,
	`burn_rate` real DEFAULT 0 NOT NULL,
	`percent_complete` real DEFAULT 0 NOT NULL,
	`estimated_completion` text,
	`token_rate` real DEFAULT 0 NOT NULL,
	`open_alerts` text DEFAULT '{"info":0,"warning":0,"critical":0}' NOT NULL,
	`source_modes` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`summary_updated_at` integer
);
--> statement-breakpoint
CREATE INDEX `hackathons_status_created` ON `hackathons` (`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `series_points` (
	`hackathon_id` text NOT NULL,
	`series` text NOT NULL,
	`minute` integer NOT NULL,
	`value` real NOT NULL,
	PRIMARY KEY(`hackathon_id`, `series`, `minute`)
);
