import { z } from "zod";
import type { AnthropicUsagePollSchema } from "../contract";
import { toIso } from "../lib/time";
import { PollError } from "../outbound/provider-call";
import type { PollAdapter } from "./types";
import { pollUsageReport } from "./usage-report";

type AnthropicUsagePoll = z.infer<typeof AnthropicUsagePollSchema>;

const ANTHROPIC_API = "https://api.anthropic.com";
const tokens = z.number().int().nonnegative();

/** One messages usage result; cache writes are nested per TTL, as in Anthropic's own example. */
const ResultSchema = z.object({
  uncached_input_tokens: tokens,
  cache_creation: z.object({ ephemeral_1h_input_tokens: tokens, ephemeral_5m_input_tokens: tokens }),
  cache_read_input_tokens: tokens,
  output_tokens: tokens,
  model: z.string().nullable().optional(),
});
const BucketSchema = z.object({
  starting_at: z.iso.datetime({ offset: true }),
  ending_at: z.iso.datetime({ offset: true }),
  results: z.array(ResultSchema),
});

function tokensOf(r: z.infer<typeof ResultSchema>): number {
  const cacheWrites = r.cache_creation.ephemeral_1h_input_tokens + r.cache_creation.ephemeral_5m_input_tokens;
  return r.uncached_input_tokens + cacheWrites + r.cache_read_input_tokens + r.output_tokens;
}

/** Tokens used since the start, per model, from the Admin API usage report (pollers/usage-report.ts). */
export const pollAnthropicUsage: PollAdapter<AnthropicUsagePoll> = async (config, ctx) => {
  if (!config.admin_key) throw new PollError("admin_key is not configured");
  return pollUsageReport({
    call: { provider: "Anthropic", fetch: ctx.fetch, now: ctx.now, secrets: [config.admin_key] },
    headers: { "x-api-key": config.admin_key, "anthropic-version": "2023-06-01" },
    base: config.api_base_url ?? ANTHROPIC_API,
    path: "/v1/organizations/usage_report/messages",
    // RFC 3339 to the second, as Anthropic's examples write it.
    start: ["starting_at", toIso(Math.floor(ctx.since / 1000) * 1000).replace(".000Z", "Z")],
    filter: ["workspace_ids[]", config.workspace_ids],
    bucket: BucketSchema,
    tally: (bucket, add) => {
      for (const r of bucket.results) add(r.model, tokensOf(r), Date.parse(bucket.ending_at));
    },
  });
};
