CREATE TABLE `alert_history` (
	`hackathon_id` text NOT NULL,
	`id` text NOT NULL,
	`type` text NOT NULL,
	`severity` text NOT NULL,
	`series` text,
	`description` text NOT NULL,
	`score` real NOT NULL,
	`opened_at` integer NOT NULL,
	`acknowledged_at` integer,
	`resolved_at` integer,
	`resolved_by` text,
	`occurrences` integer NOT NULL,
	`incident_id` text,
	`body` text NOT NULL,
	PRIMARY KEY(`hackathon_id`, `id`)
);
--> statement-breakpoint
CREATE INDEX `alert_history_opened` ON `alert_history` (`hackathon_id`,`opened_at`);