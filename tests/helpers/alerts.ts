import { AlertListSchema, AlertSchema, DashboardStateSchema, type Alert, type AlertStatusFilter } from "../../worker/src/contract";
import { apiJson } from "./api";
import { createHackathon } from "./hackathons";
import { pinClock } from "./rooms";
import { eventId, postEvents } from "./webhooks";

export const M = 60_000;
export const at = (ms: number) => new Date(ms).toISOString();

/**
 * A hackathon whose object clock is pinned at `now`, with helpers that go through the real
 * webhook endpoint and API. Alert hold is short so tests can step past it.
 */
export async function alertingHackathon(now: number, overrides: Record<string, unknown> = {}) {
  const created = await createHackathon({
    // Large enough that the cost scripts of anomaly tests never touch a budget level.
    budget: { amount: 1_000_000 },
    starts_at: at(now - 24 * 60 * M),
    ends_at: at(now + 24 * 60 * M),
    thresholds: { alert_hold_s: 120 },
    ...overrides,
  });
  const id = created.hackathon.id;
  await pinClock(id, now);
  const token = created.viewer_token;
  const send = async (...events: object[]) => {
    const response = await postEvents(id, created.webhook_secret, { events });
    if (response.status !== 200) throw new Error(`webhook refused: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const alerts = async (status: AlertStatusFilter = "open"): Promise<Alert[]> => {
    const { body } = await apiJson(`/api/hackathons/${id}/alerts?status=${status}`, { token });
    return AlertListSchema.parse(body).alerts;
  };
  /** Acknowledging and resolving take an operator (docs/contract.md section 2); `as` tries another token. */
  const act = async (alertId: string, action: "ack" | "resolve", as: string = created.operator_token) => {
    const { status, body } = await apiJson<{ alert: unknown }>(`/api/hackathons/${id}/alerts/${alertId}/${action}`, {
      method: "POST",
      token: as,
    });
    return { status, alert: status === 200 ? AlertSchema.parse(body.alert) : null, body };
  };
  const dashboard = async () => DashboardStateSchema.parse((await apiJson(`/api/hackathons/${id}/dashboard`, { token })).body);
  return { ...created, id, token, send, alerts, act, dashboard };
}

export const cost = (ts: number, fields: object) => ({ id: eventId("c"), type: "cost", ts: at(ts), ...fields });
export const tokens = (ts: number, fields: object) => ({ id: eventId("k"), type: "token", ts: at(ts), ...fields });
export const metric = (ts: number, name: string, value: number) => ({ id: eventId("m"), type: "metric", ts: at(ts), name, value });

/** `count` ordinary cost intervals ending a minute before `end`, one a minute, 10 to 13 each. */
export function steadyCosts(end: number, count: number, service = "cloud-run") {
  return Array.from({ length: count }, (_, i) => cost(end - (count - i) * M, { amount: 10 + ((i * 7) % 4), service }));
}

/** Twenty quiet minutes of token calls ending a minute before `end` (1,000 tokens a minute): a baseline for floods. */
export const quietTokens = (end: number) =>
  Array.from({ length: 20 }, (_, i) => tokens(end - (20 - i) * M, { model: "gpt-4.1-mini", input_tokens: 700, output_tokens: 300 }));

/** A flood on one model over the half minute before `end`: 20,000 tokens every 10 s (a critical token_flood alert). */
export const floodTokens = (end: number) =>
  [25_000, 15_000, 5_000].map((ago) => tokens(end - ago, { model: "claude-sonnet-4", input_tokens: 15_000, output_tokens: 5_000 }));
