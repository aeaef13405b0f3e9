import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Every alert of every hackathon, as its Durable Object last flushed it: the history behind
 * cross-hackathon views. The object's own table stays the truth for its open alerts.
 */
export const alertHistory = sqliteTable(
  "alert_history",
  {
    hackathonId: text("hackathon_id").notNull(),
    id: text("id").notNull(),
    type: text("type").notNull(),
    severity: text("severity").notNull(),
    series: text("series"),
    description: text("description").notNull(),
    score: real("score").notNull(),
    /** Epoch ms. */
    openedAt: integer("opened_at").notNull(),
    acknowledgedAt: integer("acknowledged_at"),
    resolvedAt: integer("resolved_at"),
    resolvedBy: text("resolved_by"),
    occurrences: integer("occurrences").notNull(),
    incidentId: text("incident_id"),
    /** The AlertSchema JSON as last flushed. */
    body: text("body").notNull(),
  },
  (t) => [primaryKey({ columns: [t.hackathonId, t.id] }), index("alert_history_opened").on(t.hackathonId, t.openedAt)],
);
