import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { insertAlert } from "../../../../worker/src/durable/alerts/store";
import { alertingHackathon, cost } from "../../../helpers/alerts";
import { apiJson } from "../../../helpers/api";
import { budgetSetup, eventually } from "../../../helpers/notifications";
import { roomOf, runAlarmAt } from "../../../helpers/rooms";
import { LiveClient } from "../../../helpers/sockets";

const NOW = Date.parse("2026-11-28T12:00:00Z");
const S = 1000;
const total = (value: number, offsetMs = 0) => cost(NOW - 60_000 + offsetMs, { total: value });

/** Irregular cost steps may also score as anomalies; these tests look at budget alerts only. */
async function budgetHackathon() {
  const h = await alertingHackathon(NOW, { budget: { amount: 100 } });
  const budgetAlerts = async (status?: Parameters<typeof h.alerts>[0]) => (await h.alerts(status)).filter((a) => a.type === "budget");
  const patchBudget = async (amount: number) => {
    const patched = await apiJson(`/api/hackathons/${h.id}`, { method: "PATCH", json: { budget: { amount } } });
    expect(patched.status).toBe(200);
  };
  return { ...h, alerts: budgetAlerts, patchBudget };
}

describe("budget alerts (docs/contract.md section 8)", () => {
  it("fires one warning at 80%, once per crossing however many events follow, its score the used fraction", async () => {
    const h = await budgetHackathon();
    await h.send(total(79, 1));
    expect(await h.alerts()).toEqual([]);
    await h.send(total(81, 2));
    await h.send(total(85, 3));
    await h.send(total(90, 4));
    const warnings = await h.alerts();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      type: "budget",
      severity: "warning",
      description: "Budget 80% exhausted (90% used)",
      score: 0.9,
      occurrences: 1,
    });
  });

  it("escalates the one open alert through critical to exceeded, and lowers it again as the budget grows", async () => {
    const h = await budgetHackathon();
    await h.send(total(85, 1));
    const [warning] = await h.alerts();
    expect(warning).toMatchObject({ severity: "warning", description: "Budget 80% exhausted (85% used)", score: 0.85 });

    // Crossing the critical level: the same alert, now critical, pushed live; never a second one beside it.
    const live = await LiveClient.open(h.id, h.token);
    await h.send(total(97, 2));
    const delta = await live.waitFor((m) => m.type === "alert" && m.data.id === warning!.id && m.data.severity === "critical");
    live.close();
    expect(delta).toMatchObject({ type: "alert", data: { description: "Budget 95% exhausted (97% used)", score: 0.97 } });
    expect(await h.alerts()).toEqual([expect.objectContaining({ id: warning!.id, severity: "critical", occurrences: 2 })]);

    // Past 100%: the text says by how much, in the hackathon's currency.
    await h.send(total(112, 3));
    expect(await h.alerts()).toEqual([
      expect.objectContaining({
        id: warning!.id,
        severity: "critical",
        description: "Budget exceeded by 12.00 USD (112% used)",
        score: 1.12,
      }),
    ]);

    // A bigger budget: 112 of 132 is 85%, more than the margin under the critical level, so back to a warning.
    await h.patchBudget(132);
    expect(await h.alerts()).toEqual([
      expect.objectContaining({ id: warning!.id, severity: "warning", description: "Budget 80% exhausted (85% used)" }),
    ]);

    // Under the warning level (112 of 160 is 70%) it resolves, but only after the hold period.
    await h.patchBudget(160);
    await runAlarmAt(h.id, NOW + 60 * S);
    expect(await h.alerts()).toEqual([expect.objectContaining({ id: warning!.id, severity: "warning", status: "open" })]);
    await runAlarmAt(h.id, NOW + 120 * S);
    expect(await h.alerts()).toEqual([]);
    expect(await h.alerts("all")).toEqual([expect.objectContaining({ id: warning!.id, resolved: true, resolved_by: "auto" })]);
  });

  it("stays critical while spend falls less than the margin under the critical level", async () => {
    const h = await budgetHackathon();
    await h.send(total(97, 1));
    await h.send(total(91, 2));
    expect(await h.alerts()).toEqual([expect.objectContaining({ severity: "critical", description: "Budget 95% exhausted (91% used)" })]);
    await h.send(total(89, 3));
    expect(await h.alerts()).toEqual([expect.objectContaining({ severity: "warning", description: "Budget 80% exhausted (89% used)" })]);
  });

  it("stays quiet after a hand resolve while spend only wobbles around the threshold", async () => {
    const h = await budgetHackathon();
    await h.send(total(81, 1));
    const [warning] = await h.alerts();
    await h.act(warning!.id, "resolve");
    // 79% is under the threshold but not by the re-arm margin: the same crossing, no new alert.
    await h.send(total(79, 2));
    await h.send(total(82, 3));
    expect(await h.alerts()).toEqual([]);
    expect(await h.alerts("all")).toHaveLength(1);
  });

  it("auto-resolves when a bigger budget clears the level, and fires again on the next real crossing", async () => {
    const h = await budgetHackathon();
    await h.send(total(81, 1));
    const [first] = await h.alerts();
    await h.patchBudget(200);
    // Still open: the condition must stay clear for the hold period (120 s) first.
    await runAlarmAt(h.id, NOW + 60_000);
    expect((await h.alerts()).map((a) => a.id)).toEqual([first!.id]);
    await runAlarmAt(h.id, NOW + 120_000);
    expect(await h.alerts()).toEqual([]);
    expect((await h.alerts("resolved"))[0]).toMatchObject({ id: first!.id, resolved_by: "auto" });

    await h.send(total(170, 3));
    const [second] = await h.alerts();
    expect(second).toMatchObject({ type: "budget", severity: "warning", description: "Budget 80% exhausted (85% used)" });
    expect(second!.id).not.toBe(first!.id);
  });

  it("keeps a budget alert open while the level still holds, past the hold period", async () => {
    const h = await budgetHackathon();
    await h.send(total(90, 1));
    await runAlarmAt(h.id, NOW + 120_000);
    await runAlarmAt(h.id, NOW + 240_000);
    const [open] = await h.alerts();
    expect(open).toMatchObject({ status: "open", last_seen_at: new Date(NOW + 240_000).toISOString() });
  });

  it("takes over the two alerts stored under the old per-level keys: the critical one stays, the warning resolves", async () => {
    const h = await budgetHackathon();
    // What the object stored before one escalating alert: a warning and a critical, both levels spent.
    await runInDurableObject(roomOf(h.id), (_, state) => {
      const sql = state.storage.sql;
      const legacy = (id: string, severity: "warning" | "critical", threshold: number) =>
        insertAlert(
          sql,
          id,
          {
            fingerprint: `budget:${severity}`,
            type: "budget",
            series: "cost.spend",
            severity,
            score: 0.96,
            description: `Budget ${threshold}% exhausted (96% used)`,
            recommendedActions: [],
            context: {},
            observedAt: NOW,
          },
          NOW,
        );
      legacy("alert-901", "warning", 80);
      legacy("alert-902", "critical", 95);
      sql.exec("INSERT OR REPLACE INTO budget_levels (level, armed) VALUES ('warning', 0), ('critical', 0)");
    });
    await h.send(total(96, 1));
    expect(await h.alerts()).toEqual([expect.objectContaining({ id: "alert-902", severity: "critical" })]);
    expect((await h.alerts("resolved")).map((a) => [a.id, a.resolved_by])).toEqual([["alert-901", "auto"]]);
    // The kept one now escalates and de-escalates like any budget alert.
    await h.send(total(85, 2));
    expect(await h.alerts()).toEqual([
      expect.objectContaining({ id: "alert-902", severity: "warning", description: "Budget 80% exhausted (85% used)" }),
    ]);
  });
});

describe("budget alert notifications", () => {
  it("tells a channel again when the alert escalates, not when it falls back, and again when it re-escalates", async () => {
    const { h, total: spend, bodies } = await budgetSetup(NOW);
    const told = async (count: number) =>
      (await eventually(bodies, (b) => b.length >= count)).map((b) =>
        b.alerts.map((a: { id: string; severity: string }) => `${a.id} ${a.severity}`),
      );
    await spend(85, 1);
    await runAlarmAt(h.id, NOW + 10 * S);
    const [alert] = await h.alerts();
    expect(await told(1)).toEqual([[`${alert!.id} warning`]]);

    await spend(96, 2);
    await runAlarmAt(h.id, NOW + 80 * S);
    expect(await told(2)).toEqual([[`${alert!.id} warning`], [`${alert!.id} critical`]]);

    // Back to a warning: nothing to tell.
    await spend(85, 3);
    await runAlarmAt(h.id, NOW + 140 * S);
    expect(await bodies()).toHaveLength(2);

    // A new crossing of the critical level is news again.
    await spend(96, 4);
    await runAlarmAt(h.id, NOW + 200 * S);
    expect((await told(3))[2]).toEqual([`${alert!.id} critical`]);
  });
});
