import { z } from "zod";
import type { OpenAiUsagePollSchema } from "../contract";
import { readJson, send, type ProviderCall } from "./http";
import { PollError, type PollAdapter } from "./types";
import { usageTotals } from "./usage-totals";

type OpenAiUsagePoll = z.infer<typeof OpenAiUsagePollSchema>;

const OPENAI_API = "https://api.openai.com";
const MAX_PAGES = 20;
const tokens = z.number().int().nonnegative();

/** One organization.usage.completions.result; input_tokens already includes cached input. */
const ResultSchema = z.object({
  input_tokens: tokens,
  output_tokens: tokens,
  input_audio_tokens: tokens.optional(),
  output_audio_tokens: tokens.optional(),
  model: z.string().nullable().optional(),
});
const PageSchema = z.object({
  data: z.array(z.object({ start_time: z.number(), end_time: z.number(), results: z.array(ResultSchema) })),
  has_more: z.boolean(),
  next_page: z.string().nullable().optional(),
});

function usageUrl(config: OpenAiUsagePoll, since: number, page: string | null): string {
  const url = new URL(`${(config.api_base_url ?? OPENAI_API).replace(/\/$/, "")}/v1/organization/usage/completions`);
  url.searchParams.set("start_time", String(Math.floor(since / 1000)));
  url.searchParams.set("bucket_width", "1d");
  url.searchParams.set("limit", "31");
  url.searchParams.append("group_by[]", "model");
  for (const id of config.project_ids ?? []) url.searchParams.append("project_ids[]", id);
  if (page) url.searchParams.set("page", page);
  return url.toString();
}

/**
 * Tokens used since the start, per model, from the organization usage report. No events:
 * buckets are running totals per day, so the object reconciles against the truth instead.
 */
export const pollOpenAiUsage: PollAdapter<OpenAiUsagePoll> = async (config, ctx) => {
  if (!config.admin_key) throw new PollError("admin_key is not configured");
  const call: ProviderCall = { provider: "OpenAI", fetch: ctx.fetch, now: ctx.now, secrets: [config.admin_key] };
  const totals = usageTotals();
  let page: string | null = null;
  for (let pages = 0; pages === 0 || page !== null; pages++) {
    if (pages === MAX_PAGES) throw new PollError(`OpenAI usage ran past ${MAX_PAGES} pages`);
    const res = await send(call, usageUrl(config, ctx.since, page), { headers: { Authorization: `Bearer ${config.admin_key}` } });
    const body = await readJson(call, res, PageSchema);
    for (const bucket of body.data) {
      for (const r of bucket.results) {
        const used = r.input_tokens + r.output_tokens + (r.input_audio_tokens ?? 0) + (r.output_audio_tokens ?? 0);
        totals.add(r.model, used, bucket.end_time * 1000);
      }
    }
    if (body.has_more && !body.next_page) throw new PollError("OpenAI said has_more without a next_page cursor");
    page = body.has_more ? (body.next_page ?? null) : null;
  }
  return { events: [], truth: totals.truth(ctx.now) };
};
