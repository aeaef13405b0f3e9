import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { type PublicIncident, PublicStatusSchema, type PublicStatus } from "../../../../worker/src/contract";
import { publicIncidentSummary } from "../../../../worker/src/durable/alerts/public-incidents";
import { readUptime } from "../../../../worker/src/durable/figures/uptime";
import { budgetLevel, publicState } from "../../../../worker/src/durable/views/public-status";
import { alertingHackathon, at, cost, M, steadyCosts } from "../../../helpers/alerts";
import { apiJson } from "../../../helpers/api";
import { createHackathon, uniqueHackathonId } from "../../../helpers/hackathons";
import { pinClock, roomOf, runAlarmAt } from "../../../helpers/rooms";
import { eventId, postEvents } from "../../../helpers/webhooks";

const NOW = Date.parse("2026-11-28T12:00:00Z");
const S = 1000;
const EVENT_MODES = { cost: "event", tasks: "event", tokens: "event", performance: "event" } as const;

async function publicStatus(id: string): Promise<PublicStatus> {
  const { status, body } = await apiJson(`/api/public/${id}/status`, { token: null });
  expect(status).toBe(200);
  return PublicStatusSchema.parse(body);
}

const incident = (status: "open" | "resolved"): PublicIncident => ({
  id: `incident-${status}`,
  status,
  opened_at: at(NOW),
  updated_at: at(NOW),
  resolved_at: status === "open" ? null : at(NOW + M),
  summary: "Budget",
  sources: ["cost"],
});

describe("the public state rule", () => {
  it("is an incident exactly while the listed incidents include an open one, whatever the sources do", () => {
    expect(publicState({ inMaintenance: false, incidents: [incident("open")], modes: EVENT_MODES })).toBe("incident");
    expect(
      publicState({
        inMaintenance: false,
        incidents: [incident("resolved"), incident("open")],
        modes: { ...EVENT_MODES, cost: "degraded" },
      }),
    ).toBe("incident");
    expect(publicState({ inMaintenance: false, incidents: [incident("resolved")], modes: EVENT_MODES })).toBe("operational");
  });

  it("is an incident while one is open even in maintenance, and maintenance while a window is active and none is", () => {
    expect(publicState({ inMaintenance: true, incidents: [incident("open")], modes: { ...EVENT_MODES, cost: "degraded" } })).toBe(
      "incident",
    );
    expect(publicState({ inMaintenance: true, incidents: [incident("resolved")], modes: { ...EVENT_MODES, cost: "degraded" } })).toBe(
      "maintenance",
    );
  });

  it("is degraded while a source is degraded, and polling or idle still counts as operational", () => {
    expect(publicState({ inMaintenance: false, incidents: [], modes: { ...EVENT_MODES, tokens: "degraded" } })).toBe("degraded");
    expect(publicState({ inMaintenance: false, incidents: [], modes: { ...EVENT_MODES, cost: "polling" } })).toBe("operational");
    expect(publicState({ inMaintenance: false, incidents: [], modes: { ...EVENT_MODES, cost: "idle", tasks: "idle" } })).toBe(
      "operational",
    );
  });
});

describe("the budget level", () => {
  const thresholds = { budget_warning: 0.8, budget_critical: 0.95 };

  it("follows the hackathon's thresholds, each level reached at its threshold", () => {
    expect(budgetLevel(0, thresholds)).toBe("ok");
    expect(budgetLevel(0.799, thresholds)).toBe("ok");
    expect(budgetLevel(0.8, thresholds)).toBe("warning");
    expect(budgetLevel(0.949, thresholds)).toBe("warning");
    expect(budgetLevel(0.95, thresholds)).toBe("critical");
    expect(budgetLevel(1, thresholds)).toBe("critical");
    expect(budgetLevel(0.6, { budget_warning: 0.5, budget_critical: 0.7 })).toBe("warning");
  });

  it("is over once the budget is spent, whatever the thresholds", () => {
    expect(budgetLevel(1.001, thresholds)).toBe("over");
    expect(budgetLevel(1129.52, thresholds)).toBe("over");
    expect(budgetLevel(1.2, { budget_warning: 1, budget_critical: 1 })).toBe("over");
  });
});

describe("public incident labels", () => {
  it("name the kind of anomaly, never the model, service or metric", () => {
    expect(publicIncidentSummary("cost.spend", ["anomaly"])).toBe("Cost anomaly");
    expect(publicIncidentSummary("tokens.rate", ["token_flood", "anomaly"])).toBe("Token flood");
    expect(publicIncidentSummary("tokens.rate", ["anomaly"])).toBe("Token usage anomaly");
    expect(publicIncidentSummary("metric.secret_model_latency_ms", ["anomaly"])).toBe("Performance anomaly");
    expect(publicIncidentSummary("tasks.completed", ["anomaly"])).toBe("Task progress anomaly");
  });
});

describe("uptime buckets from the mode transitions", () => {
  it("split the window into equal buckets with each mode's share of time", async () => {
    const id = uniqueHackathonId();
    await createHackathon({ id });
    const uptime = await runInDurableObject(roomOf(id), (_, state) => {
      const sql = state.storage.sql;
      sql.exec("DELETE FROM mode_transitions");
      const insert = (from: string, to: string, t: number) =>
        sql.exec("INSERT INTO mode_transitions (source, from_mode, to_mode, reason, at) VALUES ('cost', ?, ?, 'test', ?)", from, to, t);
      insert("event", "polling", NOW + 30 * M);
      insert("polling", "degraded", NOW + 60 * M);
      insert("degraded", "polling", NOW + 90 * M);
      return readUptime(sql, { start: NOW, end: NOW + 120 * M, buckets: 4 }, { ...EVENT_MODES, cost: "polling" });
    });
    expect(uptime.cost.uptime.map(({ event, polling, degraded }) => [event, polling, degraded])).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
      [0, 1, 0],
    ]);
    expect(uptime.cost.uptime[0]).toMatchObject({ from: at(NOW), to: at(NOW + 30 * M) });
    expect(uptime.cost.healthyShare).toBe(0.75);
    expect(uptime.tasks.uptime.every((b) => b.event === 1)).toBe(true);
  });

  it("count the mode before the first transition as its 'from' mode, and are empty before the start", async () => {
    const id = uniqueHackathonId();
    await createHackathon({ id });
    const uptime = await runInDurableObject(roomOf(id), (_, state) => {
      const sql = state.storage.sql;
      sql.exec(
        "INSERT INTO mode_transitions (source, from_mode, to_mode, reason, at) VALUES ('tokens', 'event', 'degraded', 'test', ?)",
        NOW + 15 * M,
      );
      return {
        split: readUptime(sql, { start: NOW, end: NOW + 60 * M, buckets: 2 }, { ...EVENT_MODES, tokens: "degraded" }),
        early: readUptime(sql, { start: NOW, end: NOW - M }, EVENT_MODES),
      };
    });
    expect(uptime.split.tokens.uptime.map((b) => [b.event, b.degraded])).toEqual([
      [0.5, 0.5],
      [0, 1],
    ]);
    expect(uptime.early.tokens).toEqual({ uptime: [], healthyShare: null });
  });
});

describe("publicStatus() in the hackathon object", () => {
  it("goes operational → incident on an anomaly → operational once the alert is resolved", async () => {
    const h = await alertingHackathon(NOW, { public: true });
    await h.send(...steadyCosts(NOW, 30));
    const calm = await publicStatus(h.id);
    expect(calm).toMatchObject({ state: "operational", incidents: [] });
    expect(calm.sources.cost.uptime).toHaveLength(48);

    await h.send(cost(NOW, { amount: 450, service: "secret-service" }));
    const troubled = await publicStatus(h.id);
    expect(troubled.state).toBe("incident");
    expect(troubled.incidents).toEqual([
      expect.objectContaining({ status: "open", summary: "Cost anomaly", sources: ["cost"], resolved_at: null }),
    ]);

    const [alert] = await h.alerts();
    expect((await h.act(alert!.id, "resolve")).status).toBe(200);
    const after = await publicStatus(h.id);
    expect(after.state).toBe("operational");
    expect(after.incidents).toEqual([expect.objectContaining({ status: "resolved", summary: "Cost anomaly" })]);
  });

  it("counts a quiet source without a poller as idle and healthy, with the idle time in its uptime", async () => {
    const id = uniqueHackathonId();
    await pinClock(id, NOW);
    const h = await createHackathon({
      id,
      public: true,
      starts_at: at(NOW - 3600 * S),
      ends_at: null,
      sources: { tokens: { event_timeout_s: 30 } },
    });
    const token = (ts: number) => ({ id: eventId(), type: "token", ts: at(ts), model: "m", input_tokens: 1, output_tokens: 1 });
    await postEvents(id, h.webhook_secret, token(NOW));
    expect((await publicStatus(id)).state).toBe("operational");

    await runAlarmAt(id, NOW + 31 * S);
    await pinClock(id, NOW + 3600 * S);
    const status = await publicStatus(id);
    // Before issue 14 a quiet sender turned the page "degraded" at about 50% healthy.
    expect(status.state).toBe("operational");
    expect(status.sources.tokens.mode).toBe("idle");
    expect(status.sources.cost.mode).toBe("event");
    expect(status.sources.tokens.healthy_share).toBe(1);
    expect(status.sources.tokens.uptime.at(-1)).toMatchObject({ idle: 1, degraded: 0 });
    expect(status.sources.tokens.uptime[0]).toMatchObject({ event: 1, idle: 0 });
  });

  it("reports progress and budget used as fractions, and lists a critical budget alert as the incident it is", async () => {
    const h = await alertingHackathon(NOW, { public: true, budget: { amount: 200 } });
    await h.send(
      { id: eventId(), type: "task", ts: at(NOW - M), task: { id: "a", title: "A", status: "done" } },
      { id: eventId(), type: "task", ts: at(NOW - M), task: { id: "b", title: "B", status: "todo", weight: 3 } },
      cost(NOW - M, { amount: 195 }),
    );
    const status = await publicStatus(h.id);
    // Before issue 14 this said "incident" above an empty list.
    expect(status).toMatchObject({
      percent_complete: 25,
      budget_used: 0.975,
      budget_level: "critical",
      budget_thresholds: { warning: 0.8, critical: 0.95 },
      state: "incident",
    });
    expect(status.incidents).toEqual([
      {
        id: expect.any(String),
        status: "open",
        opened_at: at(NOW),
        updated_at: at(NOW),
        resolved_at: null,
        summary: "Budget",
        sources: ["cost"],
      },
    ]);
  });
});
