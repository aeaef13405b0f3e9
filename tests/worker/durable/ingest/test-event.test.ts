// POST /api/hackathons/:id/test-event (docs/contract.md section 3): one signed `pitwall.test`
// metric event through the real webhook path, which moves no cost, token or task figure.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ErrorBodySchema, TestEventSentSchema, type DashboardState } from "../../../../worker/src/contract";
import { alertingHackathon, cost, M, tokens } from "../../../helpers/alerts";
import { api, apiJson } from "../../../helpers/api";
import { roomOf } from "../../../helpers/rooms";
import { eventId } from "../../../helpers/webhooks";

const NOW = Date.parse("2026-11-28T12:00:00Z");

/** Every figure a test event must leave alone (the dashboard's own timestamps aside). */
const figures = (state: DashboardState) => ({ cost: state.cost_metrics, tokens: state.token_metrics, tasks: state.task_metrics });

async function busyHackathon() {
  const h = await alertingHackathon(NOW);
  await h.send(
    cost(NOW - 10 * M, { total: 40 }),
    tokens(NOW - 2 * M, { model: "gpt-4o", input_tokens: 1200, output_tokens: 300, cost: 0.02 }),
    { id: eventId("t"), type: "task", ts: new Date(NOW - M).toISOString(), task: { id: "t1", title: "Ship", status: "in_progress" } },
  );
  return h;
}

const sendTestEvent = (id: string, token: string) => apiJson(`/api/hackathons/${id}/test-event`, { method: "POST", token });

describe("POST /test-event", () => {
  it("delivers one pitwall.test metric event, and no cost, token or task figure moves", async () => {
    const h = await busyHackathon();
    const before = await h.dashboard();
    const { status, body } = await sendTestEvent(h.id, h.operator_token);
    expect(status).toBe(200);
    const { id } = TestEventSentSchema.parse(body);
    const after = await h.dashboard();
    expect(after.metrics["pitwall.test"]).toMatchObject({ value: 1 });
    expect(before.metrics["pitwall.test"]).toBeUndefined();
    expect(figures(after)).toEqual(figures(before));
    // Stored under its id like any accepted delivery (the dedup table), and each call sends a new one.
    const stored = await runInDurableObject(roomOf(h.id), (_, state) =>
      state.storage.sql.exec<{ type: string; origin: string }>("SELECT type, origin FROM events WHERE id = ?", id).toArray(),
    );
    expect(stored).toEqual([{ type: "metric", origin: "webhook" }]);
    const second = TestEventSentSchema.parse((await sendTestEvent(h.id, h.operator_token)).body);
    expect(second.id).not.toBe(id);
  });

  it("takes no metric-name slot and no detector: it still arrives when a hackathon is at its 200-name cap", async () => {
    const h = await busyHackathon();
    const ts = new Date(NOW - M).toISOString();
    await h.send(...Array.from({ length: 200 }, (_, i) => ({ id: eventId("m"), type: "metric", ts, name: `m${i}`, value: 1 })));
    const { status } = await sendTestEvent(h.id, h.operator_token);
    expect(status).toBe(200);
    const { names, detectors } = await runInDurableObject(roomOf(h.id), (_, state) => ({
      names: state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM known_names WHERE kind = 'metric'").one().n,
      detectors: state.storage.sql.exec("SELECT 1 FROM detectors WHERE series = 'metric.pitwall.test'").toArray().length,
    }));
    expect(names).toBe(200);
    expect(detectors).toBe(0);
    expect((await h.dashboard()).metrics["pitwall.test"]).toMatchObject({ value: 1 });
  });

  it("leaves the performance source's hysteresis where it was: the probe is not the team's metrics arriving", async () => {
    const h = await busyHackathon();
    const healthOf = () =>
      runInDurableObject(roomOf(h.id), (_, state) =>
        state.storage.sql.exec("SELECT * FROM source_health WHERE source = 'performance'").toArray(),
      );
    const before = await healthOf();
    expect((await sendTestEvent(h.id, h.operator_token)).status).toBe(200);
    expect(await healthOf()).toEqual(before);
    // A team's own metric does move it, so the check above can see a change.
    await h.send({ id: eventId("m"), type: "metric", ts: new Date(NOW - M).toISOString(), name: "latency", value: 1 });
    expect(await healthOf()).not.toEqual(before);
  });

  it("is refused by an archived hackathon as its webhooks are, and to a viewer", async () => {
    const h = await busyHackathon();
    expect((await sendTestEvent(h.id, h.viewer_token)).status).toBe(403);
    await api(`/api/hackathons/${h.id}`, { method: "DELETE" });
    const { status, body } = await sendTestEvent(h.id, h.operator_token);
    expect(status).toBe(409);
    expect(ErrorBodySchema.parse(body).error.code).toBe("conflict");
  });
});
