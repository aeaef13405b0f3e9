import { index, integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * The cross-hackathon registry. Each hackathon's Durable Object owns the truth and
 * upserts its row here (config plus headline figures) so the overview is one query.
 */
export const hackathons = sqliteTable(
  "hackathons",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    status: text("status").notNull(),
    /** HackathonSchema JSON, credentials already removed. */
    config: text("config").notNull(),
    /**
     * The `members` map (JSON), kept apart from `config`: only admins read it, and the overview
     * filters on it for a signed-in person.
     */
    members: text("members").notNull().default("{}"),
    currentSpend: real("current_spend").notNull().default(0),
    budgetUsed: real("budget_used").notNull().default(0),
    burnRate: real("burn_rate").notNull().default(0),
    percentComplete: real("percent_complete").notNull().default(0),
    estimatedCompletion: text("estimated_completion"),
    tokenRate: real("token_rate").notNull().default(0),
    openAlerts: text("open_alerts").notNull().default('{"info":0,"warning":0,"critical":0}'),
    sourceModes: text("source_modes").notNull().default("{}"),
    createdAt: integer("created_at").notNull(),
    summaryUpdatedAt: integer("summary_updated_at"),
  },
  // The overview lists newest first, filtered by status.
  (t) => [index("hackathons_status_created").on(t.status, t.createdAt)],
);
