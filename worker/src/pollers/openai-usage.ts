import { z } from "zod";
import type { OpenAiUsagePollSchema } from "../contract";
import { PollError } from "../outbound/provider-call";
import type { PollAdapter } from "./types";
import { pollUsageReport } from "./usage-report";

type OpenAiUsagePoll = z.infer<typeof OpenAiUsagePollSchema>;

const OPENAI_API = "https://api.openai.com";
const tokens = z.number().int().nonnegative();

/** One organization.usage.completions.result; input_tokens already includes cached input. */
const ResultSchema = z.object({
  input_tokens: tokens,
  output_tokens: tokens,
  input_audio_tokens: tokens.optional(),
  output_audio_tokens: tokens.optional(),
  model: z.string().nullable().optional(),
});
const BucketSchema = z.object({ start_time: z.number(), end_time: z.number(), results: z.array(ResultSchema) });

/** Tokens used since the start, per model, from the organization usage report (pollers/usage-report.ts). */
export const pollOpenAiUsage: PollAdapter<OpenAiUsagePoll> = async (config, ctx) => {
  if (!config.admin_key) throw new PollError("admin_key is not configured");
  return pollUsageReport({
    call: { provider: "OpenAI", fetch: ctx.fetch, now: ctx.now, secrets: [config.admin_key] },
    headers: { Authorization: `Bearer ${config.admin_key}` },
    base: config.api_base_url ?? OPENAI_API,
    path: "/v1/organization/usage/completions",
    start: ["start_time", String(Math.floor(ctx.since / 1000))],
    filter: ["project_ids[]", config.project_ids],
    bucket: BucketSchema,
    tally: (bucket, add) => {
      for (const r of bucket.results) {
        const used = r.input_tokens + r.output_tokens + (r.input_audio_tokens ?? 0) + (r.output_audio_tokens ?? 0);
        add(r.model, used, bucket.end_time * 1000);
      }
    },
  });
};
