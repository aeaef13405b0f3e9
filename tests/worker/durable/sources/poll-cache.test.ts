import { runInDurableObject } from "cloudflare:test";
import { polledCostSource } from "../../../helpers/polls";
import { describe, expect, it } from "vitest";
import { DashboardStateSchema } from "../../../../worker/src/contract";
import { fakeProvider } from "../../../fixtures/fake-providers/client";
import { apiJson } from "../../../helpers/api";
import { createHackathon, uniqueHackathonId } from "../../../helpers/hackathons";
import { pinClock, roomOf, runAlarmAt } from "../../../helpers/rooms";
import { eventId, postEvents } from "../../../helpers/webhooks";

const S = 1000;
const NOW = Date.parse("2026-11-28T10:00:00Z");
const at = (ms: number) => new Date(ms).toISOString();

describe("the poll cache in the hackathon object", () => {
  it("drops a corrupt cached value and polls on, instead of failing every poll", async () => {
    const provider = await fakeProvider("json", { answer: { id: eventId("truth"), type: "cost", ts: at(NOW), total: 9 } });
    const id = uniqueHackathonId();
    await pinClock(id, NOW - 60 * S);
    const h = await createHackathon({
      id,
      starts_at: at(NOW - 3600 * S),
      ends_at: null,
      sources: {
        cost: polledCostSource(provider.baseUrl),
      },
    });
    await pinClock(id, NOW);
    expect((await postEvents(id, h.webhook_secret, { id: eventId(), type: "cost", ts: at(NOW), amount: 4 })).status).toBe(200);
    await runInDurableObject(roomOf(id), (_, state) =>
      state.storage.sql.exec("INSERT OR REPLACE INTO poll_cache (key, value) VALUES ('cost:last_accepted_truth', '{not json')"),
    );

    await runAlarmAt(id, NOW + 30 * S);
    const dashboard = DashboardStateSchema.parse((await apiJson(`/api/hackathons/${id}/dashboard`)).body);
    expect(dashboard.hysteresis_health.cost).toMatchObject({ mode: "polling", last_poll_at: at(NOW + 30 * S), consecutive_failures: 0 });
    expect(dashboard.cost_metrics.current_spend).toBe(9);
    const cached = await runInDurableObject(
      roomOf(id),
      (_, state) =>
        state.storage.sql.exec<{ value: string }>("SELECT value FROM poll_cache WHERE key = 'cost:last_accepted_truth'").one().value,
    );
    expect(JSON.parse(cached)).toBe(9);
  });
});
