import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { AlertListSchema, AlertSchema } from "../../../worker/src/contract";
import { alertingHackathon, at, cost, steadyCosts } from "../../helpers/alerts";
import { api, apiJson } from "../../helpers/api";
import { createHackathon } from "../../helpers/hackathons";
import { runAlarmAt } from "../../helpers/rooms";
import { openAlertStream, SseReader } from "../../helpers/sse";

const NOW = Date.parse("2026-11-28T12:00:00Z");

describe("GET /alerts/stream (Server-Sent Events)", () => {
  it("sends the open alerts first, then one alert event per new or changed alert", async () => {
    const h = await alertingHackathon(NOW, { budget: { amount: 100 } });
    await h.send(cost(NOW - 1000, { total: 85 }));
    const response = await openAlertStream(h.id, h.token);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const stream = new SseReader(response);
    const first = await stream.next();
    expect(first).toMatchObject({ event: "alert", data: { type: "budget", severity: "warning", status: "open" } });

    await h.act(first.data.id, "ack");
    const acked = await stream.next();
    expect(acked.data).toMatchObject({ id: first.data.id, status: "acknowledged" });
    expect(Number(acked.id)).toBeGreaterThan(Number(first.id));

    // Crossing the critical level escalates the same alert (docs/contract.md section 8); it stays acknowledged.
    await h.send(cost(NOW - 500, { total: 97 }));
    const critical = await stream.next();
    expect(critical.data).toMatchObject({ id: first.data.id, type: "budget", severity: "critical", status: "acknowledged" });
    stream.cancel();
  });

  it("resumes from Last-Event-ID with only what changed since, each alert as it is now", async () => {
    const h = await alertingHackathon(NOW, { budget: { amount: 100 } });
    await h.send(cost(NOW - 1000, { total: 85 }));
    const first = new SseReader(await openAlertStream(h.id, h.token));
    const warning = await first.next();
    first.cancel();

    await h.act(warning.data.id, "resolve");
    await h.send(cost(NOW - 500, { total: 97 }));
    const resumed = new SseReader(await openAlertStream(h.id, h.token, { lastEventId: warning.id! }));
    const events = [await resumed.next(), await resumed.next()];
    resumed.cancel();
    expect(events.map((e) => [e.data.severity, e.data.status])).toEqual([
      ["warning", "resolved"],
      ["critical", "open"],
    ]);
  });

  it("refuses a missing token and another hackathon's viewer", async () => {
    const h = await alertingHackathon(NOW);
    const other = await createHackathon();
    expect((await api(`/api/hackathons/${h.id}/alerts/stream`, { token: null })).status).toBe(401);
    expect((await openAlertStream(h.id, other.viewer_token)).status).toBe(404);
  });
});

describe("GET /alerts?from=&to=", () => {
  /**
   * Two budget alerts: a warning fired at NOW that auto-resolves at NOW + 2 min (the PATCH clears
   * it at NOW, the hold is 120 s), and a new one fired on the next crossing at NOW + 2 min.
   */
  async function twoBudgetAlerts() {
    const h = await alertingHackathon(NOW, { budget: { amount: 100 } });
    await h.send(cost(NOW - 60_000, { total: 81 }));
    await api(`/api/hackathons/${h.id}`, { method: "PATCH", json: { budget: { amount: 200 } } });
    await runAlarmAt(h.id, NOW + 120_000);
    await h.send(cost(NOW - 50_000, { total: 170 }));
    const list = async (query: string) => {
      const { status, body } = await apiJson(`/api/hackathons/${h.id}/alerts?status=all&${query}`, { token: h.token });
      expect(status).toBe(200);
      return AlertListSchema.parse(body)
        .alerts.filter((a) => a.type === "budget")
        .map((a) => [a.timestamp, a.status, a.resolution_time]);
    };
    return { ...h, list };
  }

  it("lists the alerts open at any time within the range, both ends included", async () => {
    const h = await twoBudgetAlerts();
    const first = [at(NOW), "resolved", at(NOW + 120_000)];
    const second = [at(NOW + 120_000), "open", null];
    expect(await h.list("")).toEqual([second, first]);
    // The first fired before the range but was still open in it.
    expect(await h.list(`from=${at(NOW + 60_000)}`)).toEqual([second, first]);
    expect(await h.list(`from=${at(NOW + 1)}&to=${at(NOW + 119_999)}`)).toEqual([first]);
    // Resolved before the range starts; fired after it ends.
    expect(await h.list(`from=${at(NOW + 120_001)}`)).toEqual([second]);
    expect(await h.list(`to=${at(NOW + 60_000)}`)).toEqual([first]);
    expect(await h.list(`from=${at(NOW)}&to=${at(NOW + 120_000)}`)).toEqual([second, first]);
    expect(await h.list(`to=${at(NOW - 1)}`)).toEqual([]);
  });

  it("refuses a range that ends before it starts, and a time that is not ISO-8601, with 400", async () => {
    const h = await alertingHackathon(NOW);
    const refusedAt = async (query: string) => {
      const { status, body } = await apiJson<{ error: { issues: { path: string }[] } }>(`/api/hackathons/${h.id}/alerts?${query}`, {
        token: h.token,
      });
      expect(status).toBe(400);
      return body.error.issues.map((i) => i.path);
    };
    expect(await refusedAt(`from=${at(NOW + 60_000)}&to=${at(NOW)}`)).toEqual(["to"]);
    expect(await refusedAt("from=yesterday")).toEqual(["from"]);
    expect(await refusedAt(`to=${at(NOW)}&status=sideways`)).toEqual(["status"]);
  });
});

describe("alert history in D1", () => {
  it("writes every alert and its later changes to alert_history on the flush", async () => {
    // A long hold, so the alert is still open when the flush alarm runs.
    const h = await alertingHackathon(NOW, { thresholds: { alert_hold_s: 3600 } });
    await h.send(...steadyCosts(NOW, 30), cost(NOW, { amount: 400 }));
    const [alert] = await h.alerts();
    // HISTORY_FLUSH_MS is 10 minutes in tests.
    await runAlarmAt(h.id, NOW + 11 * 60_000);
    const stored = () =>
      env.DB.prepare("SELECT id, type, series, resolved_at, resolved_by, body FROM alert_history WHERE hackathon_id = ?").bind(h.id).all();
    const first = await stored();
    expect(first.results).toEqual([expect.objectContaining({ id: alert!.id, type: "anomaly", series: "cost.spend", resolved_at: null })]);

    await h.act(alert!.id, "resolve");
    await runAlarmAt(h.id, NOW + 22 * 60_000);
    const [row] = (await stored()).results;
    expect(row).toMatchObject({ resolved_by: "operator token", resolved_at: NOW + 11 * 60_000 });
    expect(AlertSchema.parse(JSON.parse(row!.body as string))).toMatchObject({ id: alert!.id, status: "resolved" });
  });
});
