import { z } from "zod";

/** ISO-8601 timestamp with an offset; normalised to UTC `Z` form by the server. */
export const IsoTimestampSchema = z.iso.datetime({ offset: true });

export const HackathonIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{2,47}$/, "must be 3-48 chars of a-z, 0-9 and '-', starting with a letter or digit");

export const CurrencySchema = z.string().regex(/^[A-Z]{3}$/, "must be an ISO-4217 code such as USD");

export const SOURCE_NAMES = ["cost", "tasks", "tokens", "performance"] as const;
export const SourceNameSchema = z.enum(SOURCE_NAMES);
export type SourceName = z.infer<typeof SourceNameSchema>;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * An id used as a dedup key. Lone surrogates are refused: stored as UTF-8 they all
 * become U+FFFD, so two different ids would collide.
 */
export const KeySchema = z
  .string()
  .min(1)
  .max(200)
  .refine((s) => !LONE_SURROGATE.test(s), "must be well-formed Unicode");

/** `?from=&to=` on routes that list by time: either end optional, both ends included. */
export const TimeRangeSchema = z.object({
  from: IsoTimestampSchema.optional().describe("at or after this time"),
  to: IsoTimestampSchema.optional().describe("at or before this time"),
});
export type TimeRange = z.infer<typeof TimeRangeSchema>;

/** Refuses a range that ends before it starts: a 400 like any other schema violation. */
export function rangeInOrder<S extends z.ZodType<TimeRange>>(schema: S): S {
  const inOrder = ({ from, to }: TimeRange) => !from || !to || Date.parse(from) <= Date.parse(to);
  return schema.refine(inOrder, { path: ["to"], message: "must not be before from" });
}

/** `?format=` on routes that export: JSON (the default) or CSV. */
export const ExportFormatSchema = z.enum(["json", "csv"]).optional();
