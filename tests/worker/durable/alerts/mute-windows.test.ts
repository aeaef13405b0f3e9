import { describe, expect, it } from "vitest";
import { MaintenanceListSchema, MaintenanceResultSchema, SilenceListSchema, SilenceResultSchema } from "../../../../worker/src/contract";
import { alertingHackathon, cost, M } from "../../../helpers/alerts";
import { ADMIN_TOKEN, apiJson } from "../../../helpers/api";
import { createHackathon } from "../../../helpers/hackathons";
import { runAlarmAt } from "../../../helpers/rooms";
import { LiveClient } from "../../../helpers/sockets";

const NOW = Date.parse("2026-11-28T12:00:00Z");
const at = (ms: number) => new Date(ms).toISOString();

async function budgetHackathon() {
  const h = await alertingHackathon(NOW, { budget: { amount: 100 } });
  // Silencing takes an operator (docs/contract.md section 2); `as` tries another token.
  const silence = async (body: object, as: string = h.operator_token) => {
    const response = await apiJson(`/api/hackathons/${h.id}/silences`, { method: "POST", token: as, json: body });
    return { status: response.status, body: response.body as Record<string, unknown> };
  };
  return { ...h, silence };
}

const warning = { matchers: { type: "budget", severity: "warning" }, reason: "known: GPU run", created_by: "ada" };

describe("silences", () => {
  it("mutes a matching open alert at once: still listed, marked silenced, pushed live", async () => {
    const h = await budgetHackathon();
    await h.send(cost(NOW - 1000, { total: 85 }));
    const live = await LiveClient.open(h.id, h.token);
    const created = await h.silence({ ...warning, ends_at: at(NOW + 60 * M) });
    expect(created.status).toBe(201);
    const { silence } = SilenceResultSchema.parse(created.body);
    // `by` comes from the credential: the body's created_by ("ada") is ignored (docs/contract.md section 12).
    expect(silence).toMatchObject({
      status: "active",
      by: "operator token",
      created_by: "operator token",
      reason: "known: GPU run",
      starts_at: at(NOW),
    });
    await live.waitFor((m) => m.type === "alert" && m.data.silenced_by === silence.id);
    live.close();
    const [alert] = await h.alerts();
    expect(alert).toMatchObject({ status: "open", silenced_by: silence.id });
  });

  it("mutes alerts that fire while it is active, and lets them through after it ends", async () => {
    const h = await budgetHackathon();
    const { body } = await h.silence({ ...warning, ends_at: at(NOW + 10 * M) });
    const { silence } = SilenceResultSchema.parse(body);
    await h.send(cost(NOW - 1000, { total: 85 }));
    const [warned] = await h.alerts();
    expect(warned?.silenced_by).toBe(silence.id);
    // Escalated to critical, the same alert no longer matches the warning silence...
    await h.send(cost(NOW - 500, { total: 96 }));
    expect(await h.alerts()).toEqual([expect.objectContaining({ id: warned!.id, severity: "critical", silenced_by: null })]);
    // ...and back at warning it does again.
    await h.send(cost(NOW - 400, { total: 85 }));
    expect(await h.alerts()).toEqual([expect.objectContaining({ id: warned!.id, severity: "warning", silenced_by: silence.id })]);
    // The silence's end is a timer: the warning is no longer muted after it.
    await runAlarmAt(h.id, NOW + 10 * M);
    const { silences } = SilenceListSchema.parse((await apiJson(`/api/hackathons/${h.id}/silences`, { token: h.token })).body);
    expect(silences[0]?.status).toBe("expired");
    expect((await h.alerts()).find((a) => a.severity === "warning")?.silenced_by).toBeNull();
  });

  it("starts a future silence on time, and expires one on request", async () => {
    const h = await budgetHackathon();
    await h.send(cost(NOW - 1000, { total: 85 }));
    const { body } = await h.silence({ ...warning, starts_at: at(NOW + 5 * M), ends_at: at(NOW + 60 * M) });
    const { silence } = SilenceResultSchema.parse(body);
    expect(silence.status).toBe("pending");
    expect((await h.alerts())[0]?.silenced_by).toBeNull();
    await runAlarmAt(h.id, NOW + 5 * M);
    expect((await h.alerts())[0]?.silenced_by).toBe(silence.id);
    const expired = await apiJson(`/api/hackathons/${h.id}/silences/${silence.id}`, { method: "DELETE", token: h.operator_token });
    expect(SilenceResultSchema.parse(expired.body).silence.status).toBe("expired");
    expect((await h.alerts())[0]?.silenced_by).toBeNull();
  });

  it("refuses silences without matchers, reason or a future end; and another hackathon's viewer", async () => {
    const h = await budgetHackathon();
    const bad = await h.silence({ matchers: {}, reason: "", created_by: "ada", ends_at: at(NOW - M) });
    expect(bad.status).toBe(400);
    const paths = ((bad.body.error as { issues: Array<{ path: string }> }).issues ?? []).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["matchers", "reason"]));
    expect((await h.silence({ ...warning, ends_at: at(NOW - M) })).status).toBe(400);
    const other = await createHackathon();
    for (const token of [other.viewer_token, other.operator_token])
      expect((await h.silence({ ...warning, ends_at: at(NOW + M) }, token)).status).toBe(404);
    expect((await apiJson(`/api/hackathons/${h.id}/silences/silence-99`, { method: "DELETE", token: h.operator_token })).status).toBe(404);
    const { silences } = SilenceListSchema.parse((await apiJson(`/api/hackathons/${h.id}/silences`, { token: h.token })).body);
    expect(silences).toEqual([]);
  });

  it("refuses a viewer (403) and stores nothing; an operator and the admin may silence", async () => {
    const h = await budgetHackathon();
    await h.send(cost(NOW - 1000, { total: 85 }));
    const [alert] = await h.alerts();
    const refused = await h.silence({ ...warning, ends_at: at(NOW + 60 * M) }, h.viewer_token);
    expect(refused.status).toBe(403);
    expect((refused.body.error as { code: string }).code).toBe("forbidden");
    expect(SilenceListSchema.parse((await apiJson(`/api/hackathons/${h.id}/silences`, { token: h.viewer_token })).body).silences).toEqual(
      [],
    );
    expect((await h.alerts())[0]).toMatchObject({ id: alert!.id, silenced_by: null });

    const byAdmin = await h.silence({ ...warning, ends_at: at(NOW + 60 * M) }, ADMIN_TOKEN);
    expect(byAdmin.status).toBe(201);
    const { silence } = SilenceResultSchema.parse(byAdmin.body);
    expect(silence.by).toBe("admin token");
    const viewerExpires = await apiJson(`/api/hackathons/${h.id}/silences/${silence.id}`, { method: "DELETE", token: h.viewer_token });
    expect(viewerExpires.status).toBe(403);
    expect(
      SilenceListSchema.parse((await apiJson(`/api/hackathons/${h.id}/silences`, { token: h.viewer_token })).body).silences[0]?.status,
    ).toBe("active");
  });

  it("lasts at most 7 days: a longer one is refused with limit_exceeded on ends_at, and nothing is stored", async () => {
    const h = await budgetHackathon();
    const week = 7 * 24 * 60 * M;
    const tooLong = await h.silence({ ...warning, ends_at: at(NOW + week + 24 * 60 * M) });
    expect(tooLong.status).toBe(400);
    const error = tooLong.body.error as { code: string; issues: Array<{ path: string }> };
    expect(error.code).toBe("limit_exceeded");
    expect(error.issues.map((i) => i.path)).toEqual(["ends_at"]);
    // Measured from its start: a week starting tomorrow is fine, eight days from tomorrow is not.
    const later = await h.silence({ ...warning, starts_at: at(NOW + 24 * 60 * M), ends_at: at(NOW + 9 * 24 * 60 * M) });
    expect(later.status).toBe(400);
    expect(SilenceListSchema.parse((await apiJson(`/api/hackathons/${h.id}/silences`, { token: h.token })).body).silences).toEqual([]);
    expect((await h.silence({ ...warning, starts_at: at(NOW + 24 * 60 * M), ends_at: at(NOW + 24 * 60 * M + week) })).status).toBe(201);
  });
});

describe("ending a silence or a maintenance window early", () => {
  const silenceBody = { ...warning, ends_at: at(NOW + 60 * M) };
  const windowBody = { title: "Database upgrade", ends_at: at(NOW + 60 * M) };
  const kinds = [
    {
      kind: "silences",
      body: silenceBody,
      one: (b: unknown) => SilenceResultSchema.parse(b).silence,
      list: (b: unknown) => SilenceListSchema.parse(b).silences,
    },
    {
      kind: "maintenance",
      body: windowBody,
      one: (b: unknown) => MaintenanceResultSchema.parse(b).maintenance,
      list: (b: unknown) => MaintenanceListSchema.parse(b).maintenance,
    },
  ] as const;

  for (const { kind, body, one, list } of kinds) {
    it(`records who ended it (${kind}), in the answer and the list; a second end keeps the first one's name`, async () => {
      const h = await alertingHackathon(NOW);
      const path = `/api/hackathons/${h.id}/${kind}`;
      const made = one((await apiJson(path, { method: "POST", token: h.operator_token, json: body })).body);
      expect(made.ended_by).toBeNull();
      await runAlarmAt(h.id, NOW + M);
      const ended = await apiJson(`${path}/${made.id}`, { method: "DELETE", token: h.operator_token });
      expect(ended.status).toBe(200);
      expect(one(ended.body)).toMatchObject({ id: made.id, ended_by: "operator token", by: "operator token", ends_at: at(NOW + M) });
      await runAlarmAt(h.id, NOW + 2 * M);
      expect(one((await apiJson(`${path}/${made.id}`, { method: "DELETE", token: ADMIN_TOKEN })).body).ended_by).toBe("operator token");
      expect(list((await apiJson(path, { token: h.token })).body)).toEqual([
        expect.objectContaining({ id: made.id, ended_by: "operator token" }),
      ]);
    });

    it(`leaves ended_by null when one (${kind}) runs to its end`, async () => {
      const h = await alertingHackathon(NOW);
      const path = `/api/hackathons/${h.id}/${kind}`;
      const made = one((await apiJson(path, { method: "POST", token: h.operator_token, json: body })).body);
      await runAlarmAt(h.id, NOW + 60 * M);
      expect(one((await apiJson(`${path}/${made.id}`, { method: "DELETE", token: ADMIN_TOKEN })).body).ended_by).toBeNull();
      expect(list((await apiJson(path, { token: h.token })).body)).toEqual([expect.objectContaining({ id: made.id, ended_by: null })]);
    });
  }
});
