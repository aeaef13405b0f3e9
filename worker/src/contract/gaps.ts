import { z } from "zod";

/** A blocked task that holds up the critical path, directly or through the tasks waiting on it. */
export const CompletionGapSchema = z.object({
  task_id: z.string(),
  title: z.string(),
  status: z.literal("blocked"),
  /** Its own hours plus the longest chain of unfinished work waiting on it. */
  impact_hours: z.number().nonnegative(),
  /** Its unfinished dependencies (ids of known tasks). */
  blocked_by: z.array(z.string()),
  recommended_action: z.string(),
});
export type CompletionGap = z.infer<typeof CompletionGapSchema>;

/** GET /api/hackathons/:id/gaps. */
export const GapsResponseSchema = z.object({
  critical_path: z.object({
    /** From the task that can start first to the one that finishes last. */
    task_ids: z.array(z.string()),
    hours: z.number().nonnegative(),
  }),
  /** Highest impact first. */
  gaps: z.array(CompletionGapSchema),
  /** Each dependency cycle, from its smallest task id: each task depends on the next, the last on the first. */
  cycles: z.array(z.array(z.string())),
  /** Dependency ids that name no task, per task; they are ignored. */
  unknown_dependencies: z.array(z.object({ task_id: z.string(), missing: z.array(z.string()) })),
  /**
   * Present only when a list was cut to its cap (docs/API.md): the full count of each list
   * cut, and `cycle_tasks`, the length of the longest loop listed by its first tasks only.
   */
  truncated: z
    .object({
      gaps: z.number().int().nonnegative(),
      cycles: z.number().int().nonnegative(),
      cycle_tasks: z.number().int().nonnegative(),
      unknown_dependencies: z.number().int().nonnegative(),
    })
    .partial()
    .optional(),
});
export type GapsResponse = z.infer<typeof GapsResponseSchema>;
