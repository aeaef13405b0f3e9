import { z } from "zod";
import { IsoTimestampSchema } from "./common";

/**
 * Planned downtime of a hackathon: while a window is active no notification goes out (its
 * alerts are shown as silenced by it) and the public status page says "maintenance".
 */
export const MaintenanceCreateSchema = z
  .object({
    starts_at: IsoTimestampSchema.optional().describe("default now"),
    ends_at: IsoTimestampSchema,
    title: z.string().trim().min(1).max(200).describe("public: shown on the status page and its feed"),
    created_by: z.string().trim().min(1).max(100).optional().describe("ignored: `by` comes from the caller's credential"),
  })
  .strict()
  .refine((m) => Date.parse(m.ends_at) > (m.starts_at ? Date.parse(m.starts_at) : 0), {
    path: ["ends_at"],
    message: "must be after starts_at",
  });
export type MaintenanceCreate = z.infer<typeof MaintenanceCreateSchema>;

export const MAINTENANCE_STATUSES = ["scheduled", "active", "completed"] as const;
export const MaintenanceWindowSchema = z.object({
  id: z.string(),
  starts_at: z.string(),
  ends_at: z.string(),
  title: z.string(),
  created_by: z.string().describe("the same as `by` (kept for older clients)"),
  by: z.string().describe("who planned it, from their credential (never public)"),
  created_at: z.string(),
  ended_by: z
    .string()
    .nullable()
    .describe("who ended it early, from their credential (never public); null while it runs and when it ran to its end"),
  status: z.enum(MAINTENANCE_STATUSES),
});
export type MaintenanceWindow = z.infer<typeof MaintenanceWindowSchema>;
export const MaintenanceListSchema = z.object({ maintenance: z.array(MaintenanceWindowSchema) });
export type MaintenanceList = z.infer<typeof MaintenanceListSchema>;
export const MaintenanceResultSchema = z.object({ maintenance: MaintenanceWindowSchema });
export type MaintenanceResult = z.infer<typeof MaintenanceResultSchema>;

/** What the status page shows of a window: when, its public title and when it was announced. */
export const PublicMaintenanceSchema = MaintenanceWindowSchema.pick({
  id: true,
  starts_at: true,
  ends_at: true,
  title: true,
  created_at: true,
}).extend({
  status: z.enum(["scheduled", "active"]),
});
export type PublicMaintenance = z.infer<typeof PublicMaintenanceSchema>;
