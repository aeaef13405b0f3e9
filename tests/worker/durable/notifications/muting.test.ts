import { describe, expect, it } from "vitest";
import { MaintenanceListSchema, MaintenanceResultSchema, PublicStatusSchema, SilenceResultSchema } from "../../../../worker/src/contract";
import { at, M } from "../../../helpers/alerts";
import { api, apiJson } from "../../../helpers/api";
import { budgetSetup, deliveriesOf, eventually } from "../../../helpers/notifications";
import { runAlarmAt } from "../../../helpers/rooms";

const NOW = Math.floor(Date.now() / 60_000) * 60_000;
const S = 1000;

async function planMaintenance(hackathonId: string, body: Record<string, unknown>) {
  const { status, body: answer } = await apiJson(`/api/hackathons/${hackathonId}/maintenance`, {
    method: "POST",
    json: { title: "Database upgrade", created_by: "ops@example.org", ...body },
  });
  expect(status).toBe(201);
  return MaintenanceResultSchema.parse(answer).maintenance;
}

async function publicStatusOf(hackathonId: string) {
  const { status, body } = await apiJson(`/api/public/${hackathonId}/status`, { token: null });
  expect(status).toBe(200);
  return PublicStatusSchema.parse(body);
}

describe("a silence and notifications", () => {
  it("suppresses a matching alert's notification, then lets it through when the silence ends", async () => {
    const { h, receiver, channelId, total, bodies } = await budgetSetup(NOW);
    const created = await apiJson(`/api/hackathons/${h.id}/silences`, {
      method: "POST",
      token: h.operator_token,
      json: { matchers: { type: "budget" }, reason: "known overspend", ends_at: at(NOW + 5 * M) },
    });
    const { silence } = SilenceResultSchema.parse(created.body);
    await total(85);
    await runAlarmAt(h.id, NOW + 30 * S);
    expect(await receiver.requests()).toEqual([]);
    expect(await deliveriesOf(h.id, channelId)).toEqual([]);
    expect((await h.alerts())[0]?.silenced_by).toBe(silence.id);

    // The silence's end is a timer; the still-firing alert then goes out after the group wait.
    await runAlarmAt(h.id, NOW + 5 * M);
    await runAlarmAt(h.id, NOW + 5 * M + 10 * S);
    // The object's own alarm may be the one sending (its wall-clock alarm can fire mid-test): wait for it.
    expect(
      await eventually(
        () => receiver.requests(),
        (sent) => sent.length > 0,
      ),
    ).toHaveLength(1);
    const [body] = await bodies();
    expect(body).toMatchObject({
      type: "pitwall.alert",
      status: "firing",
      alerts: [expect.objectContaining({ type: "budget", silenced_by: null })],
    });
  });
});

describe("maintenance windows", () => {
  it("send no notification while active, mark alerts silenced by the window, and notify after it", async () => {
    const { h, receiver, channelId, total, flood } = await budgetSetup(NOW);
    const window = await planMaintenance(h.id, { ends_at: at(NOW + 10 * M) });
    expect(window).toMatchObject({ status: "active", starts_at: at(NOW), title: "Database upgrade" });
    await total(85);
    await flood();
    await runAlarmAt(h.id, NOW + 60 * S);
    expect(await receiver.requests()).toEqual([]);
    expect(await deliveriesOf(h.id, channelId)).toEqual([]);
    const alerts = await h.alerts();
    expect(alerts.map((a) => a.silenced_by)).toEqual([window.id, window.id]);

    await runAlarmAt(h.id, NOW + 10 * M);
    await runAlarmAt(h.id, NOW + 10 * M + 10 * S);
    const [delivery] = await eventually(
      () => deliveriesOf(h.id, channelId),
      (d) => d[0]?.status === "delivered",
    );
    expect(delivery).toMatchObject({ kind: "firing", status: "delivered" });
    // The flood ended and resolved inside the window, so only the still-firing budget alert is told of.
    expect(delivery?.alert_ids).toEqual([alerts.find((a) => a.type === "budget")!.id]);
  });

  it("put the public status page and badge in maintenance while active, and announce planned ones", async () => {
    const { h } = await budgetSetup(NOW);
    await apiJson(`/api/hackathons/${h.id}`, { method: "PATCH", json: { public: true } });
    const planned = await planMaintenance(h.id, {
      starts_at: at(NOW + 60 * M),
      ends_at: at(NOW + 90 * M),
      title: "Venue network switch-over",
    });
    expect(planned.status).toBe("scheduled");
    const before = await publicStatusOf(h.id);
    expect(before.state).toBe("operational");
    expect(before.maintenance).toEqual([
      {
        id: planned.id,
        starts_at: planned.starts_at,
        ends_at: planned.ends_at,
        title: "Venue network switch-over",
        created_at: at(NOW),
        status: "scheduled",
      },
    ]);
    // Who planned it is not public.
    expect(JSON.stringify(before)).not.toContain("admin token");

    await runAlarmAt(h.id, NOW + 60 * M);
    const during = await publicStatusOf(h.id);
    expect(during.state).toBe("maintenance");
    expect(during.maintenance[0]?.status).toBe("active");
    const page = await (await api(`/status/${h.id}`, { token: null })).text();
    expect(page).toContain('data-state="maintenance"');
    expect(page).toContain("Venue network switch-over");
    expect(await (await api(`/status/${h.id}/badge.svg`, { token: null })).text()).toContain(">maintenance<");
    const feed = await (await api(`/status/${h.id}/feed.atom`, { token: null })).text();
    expect(feed).toContain(`<id>urn:pitwall:${h.id}:${planned.id}</id>`);
    expect(feed).toContain("<title>Maintenance: Venue network switch-over (in progress)</title>");
    expect(feed).toContain(`<updated>${planned.starts_at}</updated>`);

    const ended = await apiJson(`/api/hackathons/${h.id}/maintenance/${planned.id}`, { method: "DELETE" });
    expect(MaintenanceResultSchema.parse(ended.body).maintenance.status).toBe("completed");
    const after = await publicStatusOf(h.id);
    expect(after.state).toBe("operational");
    expect(after.maintenance).toEqual([]);
  });

  it("are planned and ended by an operator or the admin; viewers may only list them; bad input changes nothing", async () => {
    const { h } = await budgetSetup(NOW);
    const body = { title: "Upgrade", created_by: "ada", ends_at: at(NOW + M) };
    const asViewer = await apiJson(`/api/hackathons/${h.id}/maintenance`, { method: "POST", token: h.viewer_token, json: body });
    expect(asViewer.status).toBe(403);
    expect(asViewer.body).toMatchObject({ error: { code: "forbidden" } });
    const eightDays = await apiJson<{ error: { code: string; issues: Array<{ path: string }> } }>(`/api/hackathons/${h.id}/maintenance`, {
      method: "POST",
      token: h.operator_token,
      json: { ...body, ends_at: at(NOW + 8 * 24 * 60 * M) },
    });
    expect(eightDays.status).toBe(400);
    expect(eightDays.body.error.code).toBe("limit_exceeded");
    expect(eightDays.body.error.issues.map((i) => i.path)).toEqual(["ends_at"]);
    const bad = await apiJson<{ error: { issues: Array<{ path: string }> } }>(`/api/hackathons/${h.id}/maintenance`, {
      method: "POST",
      json: { title: "", created_by: "ada", ends_at: "tomorrow" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i) => i.path)).toEqual(expect.arrayContaining(["title", "ends_at"]));
    const past = await apiJson(`/api/hackathons/${h.id}/maintenance`, { method: "POST", json: { ...body, ends_at: at(NOW - M) } });
    expect(past.status).toBe(400);
    expect((await apiJson(`/api/hackathons/${h.id}/maintenance/maintenance-9`, { method: "DELETE" })).status).toBe(404);
    const listed = await apiJson(`/api/hackathons/${h.id}/maintenance`, { token: h.token });
    expect(listed.status).toBe(200);
    expect(MaintenanceListSchema.parse(listed.body).maintenance).toEqual([]);

    // The operator plans one (its created_by "ada" is ignored) and a viewer cannot end it.
    const planned = await apiJson(`/api/hackathons/${h.id}/maintenance`, { method: "POST", token: h.operator_token, json: body });
    expect(planned.status).toBe(201);
    const window = MaintenanceResultSchema.parse(planned.body).maintenance;
    expect(window).toMatchObject({ by: "operator token", created_by: "operator token", status: "active" });
    expect((await apiJson(`/api/hackathons/${h.id}/maintenance/${window.id}`, { method: "DELETE", token: h.viewer_token })).status).toBe(
      403,
    );
    const ended = await apiJson(`/api/hackathons/${h.id}/maintenance/${window.id}`, { method: "DELETE", token: h.operator_token });
    expect(MaintenanceResultSchema.parse(ended.body).maintenance.status).toBe("completed");
  });
});
