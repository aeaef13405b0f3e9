import { describe, expect, it } from "vitest";
import { alertingHackathon, cost } from "../../../helpers/alerts";
import { apiJson } from "../../../helpers/api";
import { runAlarmAt } from "../../../helpers/rooms";

const NOW = Date.parse("2026-11-28T12:00:00Z");
const total = (value: number, offsetMs = 0) => cost(NOW - 60_000 + offsetMs, { total: value });

/** Irregular cost steps may also score as anomalies; these tests look at budget alerts only. */
async function budgetHackathon() {
  const h = await alertingHackathon(NOW, { budget: { amount: 100 } });
  const budgetAlerts = async (status?: Parameters<typeof h.alerts>[0]) => (await h.alerts(status)).filter((a) => a.type === "budget");
  return { ...h, alerts: budgetAlerts };
}

describe("budget alerts (CONTRACT section 8)", () => {
  it("fires a warning at 80% and a critical at 95%, once per crossing however many events follow", async () => {
    const h = await budgetHackathon();
    await h.send(total(79, 1));
    expect(await h.alerts()).toEqual([]);
    await h.send(total(81, 2));
    await h.send(total(85, 3));
    await h.send(total(90, 4));
    const warnings = await h.alerts();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ type: "budget", severity: "warning", description: "Budget 80% exhausted (81% used)", occurrences: 1 });
    await h.send(total(96, 5));
    await h.send(total(97, 6));
    const both = await h.alerts();
    expect(both.map((a) => a.severity).sort()).toEqual(["critical", "warning"]);
    expect(both.find((a) => a.severity === "critical")?.description).toBe("Budget 95% exhausted (96% used)");
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
    const patched = await apiJson(`/api/hackathons/${h.id}`, { method: "PATCH", json: { budget: { amount: 200 } } });
    expect(patched.status).toBe(200);
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
});
