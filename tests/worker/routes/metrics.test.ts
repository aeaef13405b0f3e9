import { runInDurableObject } from "cloudflare:test";
import { polledCostSource } from "../../helpers/polls";
import { describe, expect, it } from "vitest";
import { DashboardStateSchema, RcaResponseSchema } from "../../../worker/src/contract";
import { LATENCY_BUCKETS } from "../../../worker/src/observability/request-metrics";
import { fakeProvider } from "../../fixtures/fake-providers/client";
import { cost } from "../../helpers/alerts";
import { api, apiJson } from "../../helpers/api";
import { createHackathon, uniqueHackathonId } from "../../helpers/hackathons";
import { budgetSetup } from "../../helpers/notifications";
import { parseExposition, samplesOf, sampleValue, type ParsedExposition } from "../../helpers/prometheus";
import { pinClock, roomOf, runAlarmAt } from "../../helpers/rooms";
import { eventId, postEvents, signHeaders } from "../../helpers/webhooks";

const S = 1000;
const NOW = Math.floor(Date.now() / 60_000) * 60_000;
const at = (ms: number) => new Date(ms).toISOString();

async function scrape(): Promise<ParsedExposition> {
  const response = await api("/metrics");
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
  return parseExposition(await response.text());
}

/**
 * Budget 14, a cost source that falls back to a provider answering a total of 12, two tasks
 * (one done), 500 tokens, one repeated event and three refused deliveries; then the source
 * goes silent, is polled and reconciled to the provider's 12 (a budget warning).
 */
async function scriptedHackathon() {
  const provider = await fakeProvider("json", { answer: { id: eventId("truth"), type: "cost", ts: at(NOW), total: 12 } });
  const id = uniqueHackathonId("mx");
  await pinClock(id, NOW - 60 * S);
  const created = await createHackathon({
    id,
    budget: { amount: 14 },
    starts_at: at(NOW - 3600 * S),
    ends_at: null,
    sources: {
      cost: polledCostSource(provider.baseUrl),
    },
  });
  await pinClock(id, NOW);
  const spent = cost(NOW, { amount: 5 });
  const events = [
    spent,
    { id: eventId("t"), type: "task", ts: at(NOW), task: { id: "a", title: "A", status: "done" } },
    { id: eventId("t"), type: "task", ts: at(NOW), task: { id: "b", title: "B", status: "todo" } },
    { id: eventId("k"), type: "token", ts: at(NOW), model: "m", input_tokens: 300, output_tokens: 200 },
  ];
  expect((await postEvents(id, created.webhook_secret, { events })).status).toBe(200);
  expect(await (await postEvents(id, created.webhook_secret, spent)).json()).toEqual({ accepted: 0, duplicates: 1 });
  expect((await postEvents(id, `whsec_${btoa("not the secret, 32 bytes long!!!")}`, cost(NOW, { amount: 1 }))).status).toBe(401);
  expect((await postEvents(id, created.webhook_secret, { id: "x", type: "cost", ts: "yesterday" })).status).toBe(400);
  const body = JSON.stringify(cost(NOW, { amount: 1 }));
  const wrongType = { ...signHeaders(created.webhook_secret, body), "content-type": "text/plain" };
  expect((await api(`/webhooks/${id}/events`, { method: "POST", token: null, body, headers: wrongType })).status).toBe(415);
  await runAlarmAt(id, NOW + 30 * S);
  const dashboard = DashboardStateSchema.parse((await apiJson(`/api/hackathons/${id}/dashboard`)).body);
  return { id, dashboard };
}

describe("GET /metrics", () => {
  it("answers only the admin token", async () => {
    const { viewer_token } = await createHackathon();
    expect((await api("/metrics", { token: null })).status).toBe(401);
    const asViewer = await api("/metrics", { token: viewer_token });
    expect(asViewer.status).toBe(401);
    expect(await asViewer.json()).toMatchObject({ error: { code: "unauthorized" } });
  });

  it("exposes a scripted hackathon's gauges and counters with exact values", async () => {
    const { id, dashboard } = await scriptedHackathon();
    const m = await scrape();
    const h = { hackathon: id };
    expect(dashboard.cost_metrics.current_spend).toBe(12);
    expect(sampleValue(m, "pitwall_hackathon_spend", h)).toBe(12);
    expect(sampleValue(m, "pitwall_hackathon_budget_used_ratio", h)).toBe(12 / 14);
    expect(sampleValue(m, "pitwall_hackathon_percent_complete", h)).toBe(50);
    expect(sampleValue(m, "pitwall_hackathon_token_rate_per_minute", h)).toBe(500);
    expect(sampleValue(m, "pitwall_hackathon_info", { ...h, status: "active", currency: "USD" })).toBe(1);
    expect(samplesOf(m, "pitwall_hackathon_open_alerts", h).map((s) => [s.labels.severity, s.value])).toEqual([
      ["info", 0],
      ["warning", 1],
      ["critical", 0],
    ]);
    expect(samplesOf(m, "pitwall_hackathon_source_mode", { ...h, source: "cost" }).map((s) => [s.labels.mode, s.value])).toEqual([
      ["event", 0],
      ["idle", 0],
      ["polling", 1],
      ["degraded", 0],
    ]);
    for (const [source, health] of Object.entries(dashboard.hysteresis_health)) {
      expect(sampleValue(m, "pitwall_hackathon_source_mode", { ...h, source, mode: health.mode })).toBe(1);
    }

    expect(sampleValue(m, "pitwall_events_accepted_total", { ...h, origin: "webhook", type: "cost" })).toBe(1);
    expect(sampleValue(m, "pitwall_events_accepted_total", { ...h, origin: "webhook", type: "task" })).toBe(2);
    expect(sampleValue(m, "pitwall_events_accepted_total", { ...h, origin: "webhook", type: "token" })).toBe(1);
    const stored = await runInDurableObject(
      roomOf(id),
      (_, state) => state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM events WHERE origin = 'poll'").one().n,
    );
    expect(stored).toBeGreaterThan(0);
    expect(sampleValue(m, "pitwall_events_accepted_total", { ...h, origin: "poll", type: "cost" })).toBe(stored);
    expect(sampleValue(m, "pitwall_events_duplicate_total", { ...h, source: "cost" })).toBe(1);
    expect(sampleValue(m, "pitwall_events_duplicate_total", { ...h, source: "tasks" })).toBe(0);
    expect(
      samplesOf(m, "pitwall_webhook_refused_total", h)
        .map((s) => [s.labels.reason, s.value])
        .sort(),
    ).toEqual([
      ["media_type", 1],
      ["signature", 1],
      ["validation", 1],
    ]);
    expect(sampleValue(m, "pitwall_polls_total", { ...h, source: "cost", purpose: "tick", result: "ok" })).toBe(1);
    expect(sampleValue(m, "pitwall_reconciliations_total", { ...h, source: "cost", result: "correction" })).toBe(1);
    // Every transition in the hackathon's own log is counted once, under its source and modes.
    const { transitions } = RcaResponseSchema.parse((await apiJson(`/api/hackathons/${id}/rca`)).body);
    const logged = new Map<string, number>();
    for (const t of transitions) logged.set(`${t.source} ${t.from} ${t.to}`, (logged.get(`${t.source} ${t.from} ${t.to}`) ?? 0) + 1);
    const counted = samplesOf(m, "pitwall_mode_transitions_total", h).map((s) => [
      `${s.labels.source} ${s.labels.from} ${s.labels.to}`,
      s.value,
    ]);
    expect(new Map(counted as Array<[string, number]>)).toEqual(logged);
    expect(sampleValue(m, "pitwall_mode_transitions_total", { ...h, source: "cost" })).toBe(1);
    expect(sampleValue(m, "pitwall_scrape_hackathon_up", h)).toBe(1);
    expect(sampleValue(m, "pitwall_scrape_registry_up", {})).toBe(1);
  });

  it("types every family once, with help, and names counters _total", async () => {
    await createHackathon();
    const m = await scrape();
    expect(m.types.size).toBeGreaterThan(0);
    for (const [name, type] of m.types) {
      expect(["gauge", "counter", "histogram"]).toContain(type);
      expect(m.helps.get(name)?.length).toBeGreaterThan(0);
      if (type === "counter") expect(name).toMatch(/_total$/);
    }
  });

  it("counts request latency per route pattern, never per raw path", async () => {
    const a = await createHackathon();
    const b = await createHackathon();
    const route = { method: "GET", route: "/api/hackathons/:id/dashboard", status_class: "2xx" };
    const count = (m: ParsedExposition) =>
      samplesOf(m, "pitwall_http_request_duration_seconds_count", route).reduce((n, s) => n + s.value, 0);
    const before = count(await scrape());
    for (const h of [a, b, a]) expect((await api(`/api/hackathons/${h.hackathon.id}/dashboard`)).status).toBe(200);
    expect((await api("/no/such/route")).status).toBe(404);
    const m = await scrape();
    expect(count(m) - before).toBe(3);
    const series = samplesOf(m, "pitwall_http_request_duration_seconds_bucket", route);
    expect(series.map((s) => s.labels.le)).toEqual([...LATENCY_BUCKETS.map(String), "+Inf"]);
    const values = series.map((s) => s.value);
    expect(values).toEqual([...values].sort((x, y) => x - y));
    expect(values.at(-1)).toBe(sampleValue(m, "pitwall_http_request_duration_seconds_count", route));
    expect(samplesOf(m, "pitwall_http_request_duration_seconds_count", { route: "unmatched", status_class: "4xx" })).toHaveLength(1);
    const routes = new Set(samplesOf(m, "pitwall_http_request_duration_seconds_count").map((s) => s.labels.route));
    for (const r of routes) expect(r).not.toContain(a.hackathon.id);
  });

  it("shows a notification channel marked failing", async () => {
    const { h, channelId, total } = await budgetSetup(NOW, {}, 500);
    const failing = async () =>
      sampleValue(await scrape(), "pitwall_hackathon_notification_channel_failing", { hackathon: h.id, channel: channelId });
    expect(await failing()).toBe(0);
    await total(85);
    for (let i = 0, time = NOW + 10 * S; i < 5; i++, time += 600 * S) await runAlarmAt(h.id, time);
    expect(await failing()).toBe(1);
  });
});
