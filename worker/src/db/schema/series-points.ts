import { primaryKey, real, sqliteTable, text, integer } from "drizzle-orm/sqlite-core";

/** Per-minute rollups of every history series, written in batches by the Durable Objects. */
export const seriesPoints = sqliteTable(
  "series_points",
  {
    hackathonId: text("hackathon_id").notNull(),
    series: text("series").notNull(),
    /** Start of the minute, epoch seconds. */
    minute: integer("minute").notNull(),
    value: real("value").notNull(),
  },
  // The primary key doubles as the range index every /history read walks.
  (t) => [primaryKey({ columns: [t.hackathonId, t.series, t.minute] })],
);
