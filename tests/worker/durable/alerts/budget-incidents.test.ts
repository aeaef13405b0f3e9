import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { type PublicIncident, PublicStatusSchema } from "../../../../worker/src/contract";
import { alertingHackathon, at, cost } from "../../../helpers/alerts";
import { apiJson } from "../../../helpers/api";
import { pinClock, roomOf } from "../../../helpers/rooms";

const NOW = Date.parse("2026-11-28T12:00:00Z");
const S = 1000;

/** A public hackathon with a budget of 100, so a cost total reads as the percent used. */
async function budgetHackathon() {
  const h = await alertingHackathon(NOW, { public: true, budget: { amount: 100 } });
  let step = 0;
  const spendTotal = (value: number) => h.send(cost(NOW - 60 * S + ++step, { total: value }));
  const patchBudget = async (amount: number) => {
    expect((await apiJson(`/api/hackathons/${h.id}`, { method: "PATCH", json: { budget: { amount } } })).status).toBe(200);
  };
  const publicIncidents = async (): Promise<PublicIncident[]> => {
    const { status, body } = await apiJson(`/api/public/${h.id}/status`, { token: null });
    expect(status).toBe(200);
    return PublicStatusSchema.parse(body).incidents;
  };
  const budgetAlert = async () => (await h.alerts("all")).find((a) => a.type === "budget");
  return { ...h, spendTotal, patchBudget, publicIncidents, budgetAlert };
}

describe("the public budget incident (docs/contract.md section 10)", () => {
  it("opens when the budget alert turns critical, not when it was a warning, and resolves when it falls back", async () => {
    const h = await budgetHackathon();
    await h.spendTotal(85);
    expect((await h.budgetAlert())?.severity).toBe("warning");
    expect(await h.publicIncidents()).toEqual([]);

    await pinClock(h.id, NOW + 60 * S);
    await h.spendTotal(97);
    expect((await h.budgetAlert())?.severity).toBe("critical");
    const [open] = await h.publicIncidents();
    expect(open).toEqual({
      id: expect.any(String),
      status: "open",
      opened_at: at(NOW + 60 * S),
      updated_at: at(NOW + 60 * S),
      resolved_at: null,
      summary: "Budget",
      sources: ["cost"],
    });

    // 97 of 120 is about 81%: the alert is lowered to a warning and stays open; the public incident is over.
    await pinClock(h.id, NOW + 120 * S);
    await h.patchBudget(120);
    expect(await h.budgetAlert()).toMatchObject({ severity: "warning", status: "open" });
    expect(await h.publicIncidents()).toEqual([
      { ...open, status: "resolved", updated_at: at(NOW + 120 * S), resolved_at: at(NOW + 120 * S) },
    ]);
  });

  it("is a new incident each time the budget alert turns critical again", async () => {
    const h = await budgetHackathon();
    await h.spendTotal(97);
    const [first] = await h.publicIncidents();
    await h.patchBudget(120);
    await pinClock(h.id, NOW + 60 * S);
    await h.spendTotal(118);
    const incidents = await h.publicIncidents();
    expect(incidents.map((i) => [i.status, i.summary])).toEqual([
      ["open", "Budget"],
      ["resolved", "Budget"],
    ]);
    expect(incidents[0]!.id).not.toBe(first!.id);
    expect(incidents[0]!.opened_at).toBe(at(NOW + 60 * S));
  });

  it("resolves when an operator resolves the critical budget alert", async () => {
    const h = await budgetHackathon();
    await h.spendTotal(97);
    const alert = await h.budgetAlert();
    await pinClock(h.id, NOW + 30 * S);
    expect((await h.act(alert!.id, "resolve")).status).toBe(200);
    expect(await h.publicIncidents()).toEqual([expect.objectContaining({ status: "resolved", resolved_at: at(NOW + 30 * S) })]);
  });

  it("opens for a critical budget alert left open from before incidents were recorded, as the object wakes", async () => {
    const h = await budgetHackathon();
    await h.spendTotal(97);
    expect((await h.budgetAlert())?.severity).toBe("critical");
    // The older state: the critical alert is open, and no budget incident was ever recorded.
    await runInDurableObject(roomOf(h.id), (_, ctx) => {
      ctx.storage.sql.exec("DELETE FROM budget_incidents");
    });
    expect(await h.publicIncidents()).toEqual([]);

    await evictDurableObject(roomOf(h.id));
    const { body } = await apiJson(`/api/public/${h.id}/status`, { token: null });
    const status = PublicStatusSchema.parse(body);
    expect(status.state).toBe("incident");
    expect(status.incidents.map((i) => [i.status, i.summary])).toEqual([["open", "Budget"]]);
    // Opened once: another wake adds nothing.
    await evictDurableObject(roomOf(h.id));
    expect(await h.publicIncidents()).toHaveLength(1);
  });
});
