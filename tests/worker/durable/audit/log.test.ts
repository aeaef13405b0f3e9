// Who did it (docs/contract.md section 12): every kind of change records `by` from the caller's
// credential, token or signed-in person, and GET /api/hackathons/:id/audit lists them newest first.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { AuditListSchema, type AuditEntry, SilenceResultSchema } from "../../../../worker/src/contract";
import { appendAudit, AUDIT_LOG_KEEP } from "../../../../worker/src/durable/audit/log";
import type { HackathonRoom } from "../../../../worker/src/durable/hackathon-room";
import { accessTeam } from "../../../helpers/access";
import { alertingHackathon, at, cost, M } from "../../../helpers/alerts";
import { api, apiJson } from "../../../helpers/api";
import { createHackathon } from "../../../helpers/hackathons";
import { pinClock, roomOf } from "../../../helpers/rooms";

const NOW = Date.parse("2026-11-28T12:00:00Z");
const ORGANISER = "organiser@example.com";
const OPERATOR = "ops@example.com";

async function audit(id: string, query = "", token?: string): Promise<AuditEntry[]> {
  const { status, body } = await apiJson(`/api/hackathons/${id}/audit${query}`, { token });
  expect(status).toBe(200);
  return AuditListSchema.parse(body).entries;
}

describe("the audit log", () => {
  it("records who made each kind of change, newest first", async () => {
    const h = await alertingHackathon(NOW, { budget: { amount: 100 }, members: { [OPERATOR]: "operator" } });
    const team = await accessTeam([ORGANISER]);
    const organiser = await team.sign(ORGANISER);
    const operator = await team.sign(OPERATOR);
    const path = (rest = "") => `/api/hackathons/${h.id}${rest}`;
    let minute = 0;
    const step = () => pinClock(h.id, NOW + ++minute * M);
    const ok = async (response: Response | Promise<Response>) => {
      const answer = await response;
      expect(answer.status, await answer.clone().text()).toBeLessThan(300);
      return answer;
    };

    await step();
    await ok(team.call(path(), { method: "PATCH", jwt: organiser, json: { budget: { amount: 120 } } }));
    await h.send(cost(NOW + minute * M, { total: 100 }));
    const [alert] = await h.alerts();
    await step();
    await ok(team.call(path(`/alerts/${alert!.id}/ack`), { method: "POST", jwt: operator }));
    await step();
    expect((await h.act(alert!.id, "resolve")).status).toBe(200);
    await step();
    const silence = SilenceResultSchema.parse(
      await (
        await ok(
          team.call(path("/silences"), {
            method: "POST",
            jwt: operator,
            json: { matchers: { type: "budget" }, ends_at: at(NOW + 60 * M), reason: "known", created_by: "mallory" },
          }),
        )
      ).json(),
    ).silence;
    await step();
    await ok(api(path(`/silences/${silence.id}`), { method: "DELETE", token: h.operator_token }));
    await step();
    const window = await ok(
      api(path("/maintenance"), { method: "POST", token: h.operator_token, json: { ends_at: at(NOW + 90 * M), title: "DB" } }),
    );
    const maintenanceId = ((await window.json()) as { maintenance: { id: string } }).maintenance.id;
    await step();
    await ok(team.call(path(`/maintenance/${maintenanceId}`), { method: "DELETE", jwt: organiser }));
    await step();
    const channel = await ok(
      api(path("/channels"), { method: "POST", json: { kind: "webhook", name: "Ops", url: "http://127.0.0.1:9/hook" } }),
    );
    const channelId = ((await channel.json()) as { channel: { id: string } }).channel.id;
    await step();
    await ok(team.call(path(`/channels/${channelId}`), { method: "DELETE", jwt: organiser }));
    await step();
    // A test event changes nothing a person configured: it leaves no entry (durable/ingest/test-event.ts).
    await ok(team.call(path("/test-event"), { method: "POST", jwt: operator }));
    await ok(api(path("/rotate"), { method: "POST" }));
    await step();
    await ok(team.call(path(), { method: "DELETE", jwt: organiser }));

    // The creation happened at the real time, outside the pinned hour.
    const entries = await audit(h.id, `?from=${at(NOW)}&to=${at(NOW + 60 * M)}`);
    expect(entries.map((e) => [e.action, e.by, e.target])).toEqual([
      ["hackathon.archive", ORGANISER, h.id],
      ["hackathon.rotate", "admin token", h.id],
      ["channel.delete", ORGANISER, channelId],
      ["channel.create", "admin token", channelId],
      ["maintenance.end", ORGANISER, maintenanceId],
      ["maintenance.create", "operator token", maintenanceId],
      ["silence.end", "operator token", silence.id],
      ["silence.create", OPERATOR, silence.id],
      ["alert.resolve", "operator token", alert!.id],
      ["alert.acknowledge", OPERATOR, alert!.id],
      ["hackathon.update", ORGANISER, h.id],
    ]);
    expect(entries.map((e) => e.at)).toEqual([...Array(11).keys()].map((i) => at(NOW + (11 - i) * M)));
    expect(entries.find((e) => e.action === "silence.create")?.detail).toMatchObject({ matchers: { type: "budget" }, reason: "known" });
    expect(entries.find((e) => e.action === "hackathon.update")?.detail).toEqual({
      fields: ["budget"],
      changes: { budget: { from: { amount: 100, currency: "USD" }, to: { amount: 120, currency: "USD" } } },
    });
    expect((await audit(h.id)).map((e) => e.action)).toContain("hackathon.create");
  });

  it("filters by ?from= and ?to=, both ends included", async () => {
    const h = await alertingHackathon(NOW);
    for (const minute of [1, 2, 3]) {
      await pinClock(h.id, NOW + minute * M);
      await api(`/api/hackathons/${h.id}`, { method: "PATCH", json: { name: `Name ${minute}` } });
    }
    const names = (entries: AuditEntry[]) => entries.map((e) => (e.detail as { changes: { name: { to: string } } }).changes.name.to);
    expect(names(await audit(h.id, `?from=${at(NOW + 2 * M)}&to=${at(NOW + 60 * M)}`))).toEqual(["Name 3", "Name 2"]);
    expect(names(await audit(h.id, `?from=${at(NOW + M)}&to=${at(NOW + 2 * M)}`))).toEqual(["Name 2", "Name 1"]);
    expect((await apiJson(`/api/hackathons/${h.id}/audit?from=${at(NOW + 2 * M)}&to=${at(NOW)}`)).status).toBe(400);
    expect((await apiJson(`/api/hackathons/${h.id}/audit?from=yesterday`)).status).toBe(400);
  });

  it("records nothing for a change that changes nothing, and takes `by` only from the credential", async () => {
    const h = await alertingHackathon(NOW, { budget: { amount: 100 } });
    await h.send(cost(NOW, { total: 90 }));
    const [alert] = await h.alerts();
    await h.act(alert!.id, "ack");
    await h.act(alert!.id, "ack", h.operator_token);
    const made = await apiJson<{ silence: { id: string; by: string } }>(`/api/hackathons/${h.id}/silences`, {
      method: "POST",
      token: h.operator_token,
      json: { matchers: { type: "budget" }, ends_at: at(NOW + 60 * M), reason: "known", created_by: "admin token" },
    });
    expect(made.body.silence.by).toBe("operator token");
    for (let i = 0; i < 2; i++)
      await api(`/api/hackathons/${h.id}/silences/${made.body.silence.id}`, { method: "DELETE", token: h.operator_token });
    const actions = (await audit(h.id)).map((e) => `${e.action} by ${e.by}`);
    expect(actions.filter((a) => a.startsWith("alert.") || a.startsWith("silence."))).toEqual([
      "silence.end by operator token",
      "silence.create by operator token",
      "alert.acknowledge by operator token",
    ]);
  });

  it("never shows a credential: a PATCH of a poll's key names the field only", async () => {
    const h = await createHackathon();
    const key = "sk-admin-secret-never-shown";
    await api(`/api/hackathons/${h.hackathon.id}`, {
      method: "PATCH",
      json: { sources: { tokens: { poll: { kind: "openai-usage", api_base_url: "http://127.0.0.1:9/v1", admin_key: key } } } },
    });
    const entries = await audit(h.hackathon.id);
    expect(entries[0]).toMatchObject({
      action: "hackathon.update",
      by: "admin token",
      detail: { fields: ["sources.tokens.poll"], changes: {} },
    });
    expect(JSON.stringify(entries)).not.toContain(key);
  });

  it("is for operators and admins: a viewer token gets 403", async () => {
    const h = await createHackathon();
    expect((await apiJson(`/api/hackathons/${h.hackathon.id}/audit`, { token: h.viewer_token })).status).toBe(403);
    expect((await audit(h.hackathon.id, "", h.operator_token)).map((e) => e.action)).toEqual(["hackathon.create"]);
  });

  it(`keeps the newest ${AUDIT_LOG_KEEP} entries of what operators do`, async () => {
    const h = await createHackathon();
    await runInDurableObject(roomOf(h.hackathon.id), (_: HackathonRoom, state) => {
      for (let i = 1; i <= AUDIT_LOG_KEEP + 5; i++)
        appendAudit(state.storage.sql, NOW + i, { by: "test", action: "alert.resolve", target: `alert-${i}` });
      const { n, oldest } = state.storage.sql
        .exec<{ n: number; oldest: number }>("SELECT COUNT(*) AS n, MIN(at) AS oldest FROM audit_log WHERE action = 'alert.resolve'")
        .one();
      expect(n).toBe(AUDIT_LOG_KEEP);
      expect(oldest).toBe(NOW + 6);
    });
  });

  it("never lets a flood of operator entries push out what an admin did", async () => {
    const h = await createHackathon();
    await runInDurableObject(roomOf(h.hackathon.id), (_: HackathonRoom, state) => {
      const sql = state.storage.sql;
      appendAudit(sql, NOW, { by: "admin token", action: "hackathon.rotate", target: h.hackathon.id });
      for (let i = 1; i <= AUDIT_LOG_KEEP + 5; i++)
        appendAudit(sql, NOW + i, { by: "operator token", action: "silence.create", target: `s-${i}` });
      const kinds = sql
        .exec<{ action: string; n: number }>("SELECT action, COUNT(*) AS n FROM audit_log GROUP BY action ORDER BY action")
        .toArray();
      expect(kinds).toEqual([
        { action: "hackathon.create", n: 1 },
        { action: "hackathon.rotate", n: 1 },
        { action: "silence.create", n: AUDIT_LOG_KEEP },
      ]);
    });
  });
});
