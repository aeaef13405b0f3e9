import { z } from "zod";
import type { AnthropicUsagePollSchema } from "../contract";
import { toIso } from "../lib/time";
import { readJson, send, type ProviderCall } from "./http";
import { PollError, type PollAdapter } from "./types";
import { usageTotals } from "./usage-totals";

type AnthropicUsagePoll = z.infer<typeof AnthropicUsagePollSchema>;

const ANTHROPIC_API = "https://api.anthropic.com";
const MAX_PAGES = 20;
const tokens = z.number().int().nonnegative();

/** One messages usage result; cache writes are nested per TTL, as in Anthropic's own example. */
const ResultSchema = z.object({
  uncached_input_tokens: tokens,
  cache_creation: z.object({ ephemeral_1h_input_tokens: tokens, ephemeral_5m_input_tokens: tokens }),
  cache_read_input_tokens: tokens,
  output_tokens: tokens,
  model: z.string().nullable().optional(),
});
const PageSchema = z.object({
  data: z.array(z.object({ starting_at: z.iso.datetime({ offset: true }), ending_at: z.iso.datetime({ offset: true }), results: z.array(ResultSchema) })),
  has_more: z.boolean(),
  next_page: z.string().nullable().optional(),
});

function usageUrl(config: AnthropicUsagePoll, since: number, page: string | null): string {
  const url = new URL(`${(config.api_base_url ?? ANTHROPIC_API).replace(/\/$/, "")}/v1/organizations/usage_report/messages`);
  // RFC 3339 to the second, as Anthropic's examples write it.
  url.searchParams.set("starting_at", toIso(Math.floor(since / 1000) * 1000).replace(".000Z", "Z"));
  url.searchParams.set("bucket_width", "1d");
  url.searchParams.set("limit", "31");
  url.searchParams.append("group_by[]", "model");
  for (const id of config.workspace_ids ?? []) url.searchParams.append("workspace_ids[]", id);
  if (page) url.searchParams.set("page", page);
  return url.toString();
}

function tokensOf(r: z.infer<typeof ResultSchema>): number {
  const cacheWrites = r.cache_creation.ephemeral_1h_input_tokens + r.cache_creation.ephemeral_5m_input_tokens;
  return r.uncached_input_tokens + cacheWrites + r.cache_read_input_tokens + r.output_tokens;
}

/**
 * Tokens used since the start, per model, from the Admin API usage report. No events:
 * buckets are running totals per day, so the object reconciles against the truth instead.
 */
export const pollAnthropicUsage: PollAdapter<AnthropicUsagePoll> = async (config, ctx) => {
  if (!config.admin_key) throw new PollError("admin_key is not configured");
  const call: ProviderCall = { provider: "Anthropic", fetch: ctx.fetch, now: ctx.now, secrets: [config.admin_key] };
  const headers = { "x-api-key": config.admin_key, "anthropic-version": "2023-06-01" };
  const totals = usageTotals();
  let page: string | null = null;
  for (let pages = 0; pages === 0 || page !== null; pages++) {
    if (pages === MAX_PAGES) throw new PollError(`Anthropic usage ran past ${MAX_PAGES} pages`);
    const res = await send(call, usageUrl(config, ctx.since, page), { headers });
    const body: z.infer<typeof PageSchema> = await readJson(call, res, PageSchema);
    for (const bucket of body.data) {
      for (const r of bucket.results) totals.add(r.model, tokensOf(r), Date.parse(bucket.ending_at));
    }
    if (body.has_more && !body.next_page) throw new PollError("Anthropic said has_more without a next_page cursor");
    page = body.has_more ? (body.next_page ?? null) : null;
  }
  return { events: [], truth: totals.truth(ctx.now) };
};
