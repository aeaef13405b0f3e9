import { applyTokenEvent } from "../../worker/src/durable/figures/tokens";

/** Stores one token call as ingest does (ledger, totals and per-second buckets), inside a room, as if received as it was made. */
export function storeCall(
  sql: SqlStorage,
  id: string,
  ts: number,
  model: string,
  input: number,
  output: number,
  cost?: number,
  service?: string,
): void {
  const event = {
    id,
    type: "token" as const,
    ts: new Date(ts).toISOString(),
    model,
    input_tokens: input,
    output_tokens: output,
    cost,
    service,
  };
  applyTokenEvent(sql, id, ts, event, ts, true);
}
