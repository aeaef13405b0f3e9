import { z } from "zod";
import { SOURCE_MODES } from "./dashboard";
import { HackathonSchema } from "./hackathon";
import { SOURCE_NAMES } from "./common";

/** One row of the admin overview: the hackathon plus its headline figures. */
export const HackathonSummarySchema = HackathonSchema.extend({
  summary: z.object({
    current_spend: z.number(),
    budget_used: z.number().describe("fraction of the budget spent, 0..n"),
    burn_rate: z.number(),
    percent_complete: z.number(),
    estimated_completion: z.string().nullable(),
    token_rate: z.number(),
    open_alerts: z.object({ info: z.number(), warning: z.number(), critical: z.number() }),
    source_modes: z.record(z.enum(SOURCE_NAMES), z.enum(SOURCE_MODES)),
    updated_at: z.string().nullable(),
  }),
});
export type HackathonSummary = z.infer<typeof HackathonSummarySchema>;
export const HackathonListSchema = z.object({ hackathons: z.array(HackathonSummarySchema) });
