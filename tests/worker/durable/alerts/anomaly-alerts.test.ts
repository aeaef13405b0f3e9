import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { restoreDetector } from "../../../../worker/src/anomaly";
import { alertingHackathon, cost, M, steadyCosts } from "../../../helpers/alerts";
import { ADMIN_TOKEN, apiJson } from "../../../helpers/api";
import { createHackathon } from "../../../helpers/hackathons";
import { roomOf, runAlarmAt } from "../../../helpers/rooms";
import { LiveClient } from "../../../helpers/sockets";

const NOW = Date.parse("2026-11-28T12:00:00Z");

describe("anomaly alerts through the webhook", () => {
  it("raises one alert for a cost spike, pushes it live, and marks the point", async () => {
    const h = await alertingHackathon(NOW);
    await h.send(...steadyCosts(NOW, 30));
    expect(await h.alerts()).toEqual([]);
    const live = await LiveClient.open(h.id, h.token);
    await h.send(cost(NOW, { amount: 400, service: "vertex-ai" }));

    const delta = await live.waitFor((m) => m.type === "alert");
    if (delta.type !== "alert") throw new Error("unreachable");
    expect(delta.data).toMatchObject({ type: "anomaly", series: "cost.spend", status: "open", resolved: false, occurrences: 1 });
    expect(delta.data.score).toBeGreaterThan(0.8);
    expect(["warning", "critical"]).toContain(delta.data.severity);
    expect(delta.data.description).toContain("vertex-ai");
    expect(delta.data.recommended_actions[0]).toBe("Check the spike in service vertex-ai");
    await live.waitFor((m) => m.type === "anomaly" && m.data.series === "cost.spend" && m.data.value === 400);
    live.close();

    const state = await h.dashboard();
    expect(state.alerts.map((a) => a.id)).toEqual([delta.data.id]);
    expect(state.cost_metrics.anomaly_score).toBeGreaterThan(0.8);
    expect(state.anomalies).toEqual([{ series: "cost.spend", ts: new Date(NOW).toISOString(), value: 400, score: delta.data.score }]);
  });

  it("keeps one open alert per series however many anomalous points follow", async () => {
    const h = await alertingHackathon(NOW);
    await h.send(...steadyCosts(NOW - 10 * M, 30));
    for (let i = 0; i < 6; i++) await h.send(cost(NOW - (9 - i) * M, { amount: 300 + i * 400 }));
    const open = await h.alerts();
    expect(open.filter((a) => a.type === "anomaly" && a.series === "cost.spend")).toHaveLength(1);
  });

  it("does not page about back-filled history, but learns from it", async () => {
    const h = await alertingHackathon(NOW);
    // A spike in the spend rate: 500 in the minute after the steady run, two hours ago.
    await h.send(...steadyCosts(NOW - 2 * 60 * M, 30), cost(NOW - 2 * 60 * M, { amount: 500 }));
    expect(await h.alerts("all")).toEqual([]);
    expect((await h.dashboard()).anomalies).toHaveLength(1);
  });

  it("auto-resolves once the series has been quiet for the hold period, closing its incident", async () => {
    const h = await alertingHackathon(NOW);
    await h.send(...steadyCosts(NOW, 30), cost(NOW, { amount: 400 }));
    const [alert] = await h.alerts();
    expect(alert?.incident_id).toBeTruthy();
    await runAlarmAt(h.id, NOW + 60_000);
    expect(await h.alerts()).toHaveLength(1);
    await runAlarmAt(h.id, NOW + 120_000);
    expect(await h.alerts()).toEqual([]);
    const [resolved] = await h.alerts("resolved");
    expect(resolved).toMatchObject({ id: alert!.id, status: "resolved", resolved: true, resolved_by: "auto" });
    expect(resolved!.resolution_time).toBe(new Date(NOW + 120_000).toISOString());
    const { incidents } = await h.dashboard();
    expect(incidents).toEqual([expect.objectContaining({ id: alert!.incident_id, status: "resolved" })]);
  });

  it("re-initialises a detector whose stored state is corrupt, logs it, and keeps ingesting", async () => {
    const h = await alertingHackathon(NOW);
    await h.send(...steadyCosts(NOW, 5));
    await runInDurableObject(roomOf(h.id), (_, state) => {
      state.storage.sql.exec('UPDATE detectors SET state = \'{"version":1,"window":"garbage"}\' WHERE series = \'cost.spend\'');
    });
    expect(await h.send(cost(NOW, { amount: 11 }))).toEqual({ accepted: 1, duplicates: 0 });
    expect((await h.dashboard()).cost_metrics.current_spend).toBeGreaterThan(0);
    const { body } = await apiJson<{ entries: Array<{ kind: string; summary: string }> }>(`/api/hackathons/${h.id}/rca`, {
      token: h.token,
    });
    expect(body.entries.find((e) => e.kind === "detector_reset")?.summary).toContain("cost.spend");
    const stored = await runInDurableObject(
      roomOf(h.id),
      (_, state) => state.storage.sql.exec<{ state: string }>("SELECT state FROM detectors WHERE series = 'cost.spend'").one().state,
    );
    expect(() => restoreDetector(JSON.parse(stored))).not.toThrow();
  });
});

describe("alert routes", () => {
  it("acknowledges: the alert stays open and says so; acking twice changes nothing", async () => {
    const h = await alertingHackathon(NOW);
    await h.send(...steadyCosts(NOW, 30), cost(NOW, { amount: 400 }));
    const [alert] = await h.alerts();
    const live = await LiveClient.open(h.id, h.token);
    const acked = await h.act(alert!.id, "ack");
    expect(acked.status).toBe(200);
    expect(acked.alert).toMatchObject({
      id: alert!.id,
      status: "acknowledged",
      resolved: false,
      acknowledged_at: new Date(NOW).toISOString(),
      acknowledged_by: "operator token",
    });
    await live.waitFor((m) => m.type === "alert" && m.data.status === "acknowledged");
    live.close();
    expect((await h.act(alert!.id, "ack")).alert).toEqual(acked.alert);
    expect((await h.alerts()).map((a) => a.status)).toEqual(["acknowledged"]);
  });

  it("resolves by hand: gone from the open list, kept in history; resolving again is a no-op, acking is a conflict", async () => {
    const h = await alertingHackathon(NOW);
    await h.send(...steadyCosts(NOW, 30), cost(NOW, { amount: 400 }));
    const [alert] = await h.alerts();
    const resolved = await h.act(alert!.id, "resolve");
    expect(resolved.alert).toMatchObject({
      status: "resolved",
      resolved_by: "operator token",
      resolution_time: new Date(NOW).toISOString(),
    });
    expect(await h.alerts()).toEqual([]);
    expect((await h.alerts("all")).map((a) => a.id)).toEqual([alert!.id]);
    expect((await h.act(alert!.id, "resolve")).alert).toEqual(resolved.alert);
    const again = await h.act(alert!.id, "ack");
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: "conflict" } });
  });

  it("refuses a viewer's ack and resolve with 403 and changes nothing; the admin's are recorded as such", async () => {
    const h = await alertingHackathon(NOW);
    await h.send(...steadyCosts(NOW, 30), cost(NOW, { amount: 400 }));
    const [alert] = await h.alerts();
    for (const action of ["ack", "resolve"] as const) {
      const refused = await h.act(alert!.id, action, h.viewer_token);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ error: { code: "forbidden" } });
    }
    expect(await h.alerts()).toEqual([alert]);
    expect((await h.act(alert!.id, "ack", ADMIN_TOKEN)).alert).toMatchObject({ status: "acknowledged", acknowledged_by: "admin token" });
    expect((await h.act(alert!.id, "resolve", ADMIN_TOKEN)).alert).toMatchObject({
      status: "resolved",
      acknowledged_by: "admin token",
      resolved_by: "admin token",
    });
  });

  it("answers 404 for unknown alerts and for another hackathon's tokens, 400 for a bad filter", async () => {
    const h = await alertingHackathon(NOW);
    await h.send(...steadyCosts(NOW, 30), cost(NOW, { amount: 400 }));
    const [alert] = await h.alerts();
    const other = await createHackathon();
    expect((await h.act("alert-999", "ack")).status).toBe(404);
    expect((await h.act("not-an-alert", "resolve")).status).toBe(404);
    for (const token of [other.viewer_token, other.operator_token]) expect((await h.act(alert!.id, "resolve", token)).status).toBe(404);
    expect((await apiJson(`/api/hackathons/${h.id}/alerts`, { token: other.viewer_token })).status).toBe(404);
    expect((await h.alerts()).map((a) => a.status)).toEqual(["open"]);
    const bad = await apiJson(`/api/hackathons/${h.id}/alerts?status=closed`, { token: h.token });
    expect(bad.status).toBe(400);
  });
});
