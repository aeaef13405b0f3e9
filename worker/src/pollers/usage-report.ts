import { z } from "zod";
import { PollError, readJson, send, type ProviderCall } from "../outbound/provider-call";
import type { PollResult } from "./types";
import { usageTotals } from "./usage-totals";

/**
 * Anthropic's and OpenAI's organization usage reports are read alike: day buckets grouped by
 * model, from the hackathon's start, paged by a `next_page` cursor while `has_more`. No events:
 * buckets are running totals per day, so the object reconciles against the truth instead.
 */

const MAX_PAGES = 20;

export type UsageReport<Bucket extends z.ZodType> = {
  call: ProviderCall;
  headers: Record<string, string>;
  /** The configured API base (a trailing slash is dropped) and the report's path under it. */
  base: string;
  path: string;
  /** The query parameter the report starts from, and its value. */
  start: readonly [param: string, value: string];
  /** The query parameter that narrows the report (workspaces, projects), repeated per id. */
  filter: readonly [param: string, ids: readonly string[] | undefined];
  /** One day bucket as the provider writes it. */
  bucket: Bucket;
  /** Adds a bucket's tokens per model, with the moment (ms) the bucket ends. */
  tally: (bucket: z.infer<Bucket>, add: (model: string | null | undefined, tokens: number, bucketEnd: number) => void) => void;
};

function pageUrl(report: UsageReport<z.ZodType>, page: string | null): string {
  const url = new URL(`${report.base.replace(/\/$/, "")}${report.path}`);
  url.searchParams.set(...report.start);
  url.searchParams.set("bucket_width", "1d");
  url.searchParams.set("limit", "31");
  url.searchParams.append("group_by[]", "model");
  const [param, ids] = report.filter;
  for (const id of ids ?? []) url.searchParams.append(param, id);
  if (page) url.searchParams.set("page", page);
  return url.toString();
}

/** Tokens used since the start, per model: every page of the report, summed into the provider's truth. */
export async function pollUsageReport<Bucket extends z.ZodType>(report: UsageReport<Bucket>): Promise<PollResult> {
  const { call, headers } = report;
  const pageSchema = z.object({ data: z.array(report.bucket), has_more: z.boolean(), next_page: z.string().nullable().optional() });
  const totals = usageTotals();
  let page: string | null = null;
  for (let pages = 0; pages === 0 || page !== null; pages++) {
    if (pages === MAX_PAGES) throw new PollError(`${call.provider} usage ran past ${MAX_PAGES} pages`);
    const res = await send(call, pageUrl(report, page), { headers });
    const body: z.infer<typeof pageSchema> = await readJson(call, res, pageSchema);
    for (const bucket of body.data) report.tally(bucket, totals.add);
    if (body.has_more && !body.next_page) throw new PollError(`${call.provider} said has_more without a next_page cursor`);
    page = body.has_more ? (body.next_page ?? null) : null;
  }
  return { events: [], truth: totals.truth(call.now) };
}
