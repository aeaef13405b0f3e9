import type { z } from "zod";
import type { CostEvent, GcpBigQueryPollSchema } from "../contract";
import { toIso } from "../lib/time";
import { BIGQUERY_API, BIGQUERY_SCOPE, runQuery } from "../integrations/google/bigquery";
import { googleAuthorizedFetch, parseServiceAccountKey } from "../integrations/google/service-account-token";
import { PollError, type ProviderCall } from "../outbound/provider-call";
import type { PollAdapter } from "./types";

type GcpBigQueryPoll = z.infer<typeof GcpBigQueryPollSchema>;

// The table name is spliced into SQL (BigQuery cannot parameterise it), so only plain names pass.
const TABLE_NAME = /^[\w-]+(\.[\w-]+){1,2}$/;

/**
 * Net spend since the start: cost plus credits (credits are negative), as in Google's own
 * billing samples; the newest export_time says how current the export is.
 */
export function spendQuery(table: string): string {
  return [
    "SELECT",
    "  SUM(cost) AS cost,",
    "  SUM(IFNULL((SELECT SUM(c.amount) FROM UNNEST(credits) c), 0)) AS credits,",
    "  UNIX_MILLIS(MAX(export_time)) AS data_until_ms,",
    "  ANY_VALUE(currency) AS currency,",
    "  COUNT(DISTINCT currency) AS currencies",
    `FROM \`${table}\``,
    "WHERE project.id = @project AND usage_start_time >= @since",
  ].join("\n");
}

/** BigQuery's canonical TIMESTAMP literal. */
function bigQueryTimestamp(ms: number): string {
  return toIso(ms).replace("T", " ").replace("Z", "+00:00");
}

/** Every BigQuery cell is a string; a SUM over no rows is NULL, which means zero here. */
function numberCell(value: string | null | undefined, column: string): number {
  if (value === null || value === undefined) return 0;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new PollError(`BigQuery returned a non-numeric ${column}`);
  return n;
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;

/** Current net spend of the project from the Cloud Billing export in BigQuery. */
export const pollGcpBigQuery: PollAdapter<GcpBigQueryPoll> = async (config, ctx) => {
  if (!TABLE_NAME.test(config.table)) throw new PollError("table must be dataset.table or project.dataset.table");
  const key = parseServiceAccountKey(config.service_account_key);
  const call: ProviderCall & { secrets: (string | undefined)[] } = {
    provider: "BigQuery",
    fetch: ctx.fetch,
    now: ctx.now,
    secrets: [config.service_account_key],
  };
  const authorizedFetch = googleAuthorizedFetch(call, ctx.cache, key, BIGQUERY_SCOPE);
  const rows = await runQuery(call, authorizedFetch, config.api_base_url ?? BIGQUERY_API, {
    projectId: config.billing_project_id ?? config.project_id,
    sql: spendQuery(config.table),
    params: [
      { name: "project", type: "STRING", value: config.project_id },
      { name: "since", type: "TIMESTAMP", value: bigQueryTimestamp(ctx.since) },
    ],
    location: config.location,
  });

  const [cost, credits, dataUntilMs, currency, currencies] = rows[0] ?? [];
  if (numberCell(currencies, "currencies") > 1) throw new PollError("the billing export mixes currencies for this project");
  if (currency && currency !== ctx.currency) {
    // Only a currency code is quoted: failure reasons reach viewers, and a cell can hold anything.
    const named = /^[A-Z]{3}$/.test(currency) ? currency : "another currency";
    throw new PollError(`the billing export is in ${named}, the hackathon budget in ${ctx.currency}`);
  }
  const net = round(numberCell(cost, "cost") + numberCell(credits, "credits"));
  // Credits can exceed cost by rounding or a promotion; spend never goes below zero.
  const total = Math.max(0, net);
  const dataUntil = dataUntilMs ? numberCell(dataUntilMs, "export time") : null;

  const event: CostEvent = {
    id: `gcp-bq-${dataUntil ?? "none"}-${total}`,
    ts: toIso(dataUntil ?? ctx.now),
    type: "cost",
    total,
    currency: ctx.currency,
  };
  const breakdown = { cost: round(numberCell(cost, "cost")), credits: round(numberCell(credits, "credits")) };
  return { events: [event], truth: { value: total, dataUntil, breakdown } };
};
