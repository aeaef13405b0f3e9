import { parseEventsPayload, type JsonPollSchema } from "../contract";
import type { z } from "zod";
import { failFor, PollError, send, shapeProblem, type ProviderCall } from "../outbound/provider-call";
import type { PollAdapter } from "./types";

/**
 * A custom source: the URL answers one event or `{ events: [...] }` in Pitwall's own schema.
 * A cost `total` in the answer is the provider's truth for reconciliation.
 */
export const pollJson: PollAdapter<z.infer<typeof JsonPollSchema>> = async (config, ctx) => {
  // Named by its host only: the path or query may carry a key.
  const call: ProviderCall = {
    provider: `GET ${new URL(config.url).host}`,
    fetch: ctx.fetch,
    now: ctx.now,
    secrets: Object.values(config.headers ?? {}),
  };
  const response = await send(call, config.url, { headers: { accept: "application/json", ...config.headers } });
  if (!response.ok) return failFor(call, response);
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new PollError("the poll URL did not answer JSON");
  }
  const parsed = parseEventsPayload(body);
  if (!parsed.success) throw new PollError(`the poll answer is not in the event schema (${shapeProblem(parsed.error.issues[0])})`);
  const { events } = parsed;
  const totals = events.flatMap((e) => (e.type === "cost" && e.total !== undefined ? [{ ts: Date.parse(e.ts), total: e.total }] : []));
  const latest = totals.sort((a, b) => b.ts - a.ts)[0];
  return { events, truth: latest ? { value: latest.total, dataUntil: latest.ts } : null };
};
