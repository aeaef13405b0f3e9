import { describe, expect, it } from "vitest";
import { alertingHackathon, cost, steadyCosts } from "../../helpers/alerts";
import { api } from "../../helpers/api";
import { createHackathon } from "../../helpers/hackathons";
import { runAlarmAt } from "../../helpers/rooms";

const NOW = Date.parse("2026-11-28T12:00:00Z");
const rowsOf = (text: string) => text.trimEnd().split("\r\n");

describe("CSV export", () => {
  it("exports alerts with a header row, ISO times and quoted text", async () => {
    const h = await alertingHackathon(NOW);
    await h.send(...steadyCosts(NOW, 30), cost(NOW, { amount: 400, service: "vertex-ai" }));
    const response = await api(`/api/hackathons/${h.id}/alerts?status=all&format=csv`, { token: h.token });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    const [header, row, ...rest] = rowsOf(await response.text());
    expect(header).toBe(
      "id,type,severity,status,series,description,score,timestamp,last_seen_at,occurrences,acknowledged_at,acknowledged_by,resolution_time,resolved_by,incident_id,recommended_actions",
    );
    expect(rest).toEqual([]);
    expect(row).toMatch(/^alert-\d+,anomaly,(warning|critical),open,cost\.spend,/);
    expect(row).toContain(new Date(NOW).toISOString());
    // The description holds a comma-free text; the actions are joined with " | ".
    expect(row).toContain("Unusual spend in service vertex-ai");
    expect(row).toContain("Check the spike in service vertex-ai | Look for a runaway job");
  });

  it("exports a history series and the RCA log, chosen by Accept as well as ?format", async () => {
    const h = await alertingHackathon(NOW);
    await h.send(...steadyCosts(NOW, 5));
    await runAlarmAt(h.id, NOW + 11 * 60_000);
    const from = new Date(NOW - 10 * 60_000).toISOString();
    const history = await api(`/api/hackathons/${h.id}/history?series=cost.spend&from=${from}&to=${new Date(NOW).toISOString()}`, {
      token: h.token,
      headers: { accept: "text/csv" },
    });
    const [header, ...points] = rowsOf(await history.text());
    expect(header).toBe("ts,value");
    expect(points.length).toBeGreaterThan(0);
    expect(points[0]).toMatch(/^2026-11-28T11:\d\d:00\.000Z,\d+(\.\d+)?$/);

    const rca = await api(`/api/hackathons/${h.id}/rca?format=csv`, { token: h.token });
    expect(rowsOf(await rca.text())[0]).toBe("id,at,source,kind,cause,summary,detail");
  });

  it("keeps auth and validation: another hackathon's viewer gets 404, a bad format 400", async () => {
    const h = await alertingHackathon(NOW);
    const other = await createHackathon();
    expect((await api(`/api/hackathons/${h.id}/alerts?format=csv`, { token: other.viewer_token })).status).toBe(404);
    expect((await api(`/api/hackathons/${h.id}/rca?format=xml`, { token: h.token })).status).toBe(400);
  });
});
