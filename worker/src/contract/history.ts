import { z } from "zod";
import { ExportFormatSchema, IsoTimestampSchema } from "./common";

const FIXED_SERIES = [
  "cost.spend",
  "cost.burn_rate",
  "cost.projected",
  "tokens.rate",
  "tokens.total",
  "tasks.percent_complete",
  "tasks.completed",
  "tasks.total",
] as const;
export const FixedSeriesSchema = z.enum(FIXED_SERIES);
const METRIC_SERIES = /^metric\.[a-z][a-z0-9_.]{0,63}$/;
const isBaseSeries = (name: string) => FixedSeriesSchema.safeParse(name).success || METRIC_SERIES.test(name);

/** A fixed series, `metric.<name>`, or `anomaly.<either>` (the anomaly score of that series). */
export const SeriesNameSchema = z
  .string()
  .refine(
    (name) => isBaseSeries(name) || (name.startsWith("anomaly.") && isBaseSeries(name.slice("anomaly.".length))),
    "must be a known series, metric.<name> or anomaly.<series>",
  );
export type SeriesName = z.infer<typeof SeriesNameSchema>;
export { FIXED_SERIES };

export const HistoryQuerySchema = z.object({
  series: SeriesNameSchema,
  from: IsoTimestampSchema.optional(),
  to: IsoTimestampSchema.optional(),
  step: z.coerce
    .number()
    .int()
    .gte(60)
    .lte(7 * 86400)
    .optional(),
  format: ExportFormatSchema,
});
export type HistoryQuery = z.infer<typeof HistoryQuerySchema>;

export const HistoryResponseSchema = z.object({
  series: z.string(),
  step_s: z.number().int(),
  points: z.array(z.tuple([z.string(), z.number()])),
});
export type HistoryResponse = z.infer<typeof HistoryResponseSchema>;
