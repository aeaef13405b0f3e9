import { z } from "zod";

/** ISO-8601 timestamp with an offset; normalised to UTC `Z` form by the server. */
export const IsoTimestampSchema = z.iso.datetime({ offset: true });

export const HackathonIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{2,47}$/, "must be 3-48 chars of a-z, 0-9 and '-', starting with a letter or digit");

export const CurrencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, "must be an ISO-4217 code such as USD");

export const SOURCE_NAMES = ["cost", "tasks", "tokens", "performance"] as const;
export const SourceNameSchema = z.enum(SOURCE_NAMES);
export type SourceName = z.infer<typeof SourceNameSchema>;
