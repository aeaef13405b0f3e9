// CONTRACT section 2: rotating ends what the old credentials opened, at once: old tokens,
// unspent tickets, live sockets and SSE streams opened with the hackathon's tokens. The
// admin's sessions stay.
import { describe, expect, it } from "vitest";
import { AlertSchema, HackathonCredentialsSchema, type Alert, type HackathonCredentials } from "../../../worker/src/contract";
import { ADMIN_TOKEN, api, apiJson } from "../../helpers/api";
import { createHackathon } from "../../helpers/hackathons";
import { issueTicket, LiveClient, upgrade } from "../../helpers/sockets";
import { costEvent, postEvents } from "../../helpers/webhooks";

async function rotate(id: string): Promise<HackathonCredentials> {
  const { status, body } = await apiJson(`/api/hackathons/${id}/rotate`, { method: "POST" });
  expect(status).toBe(200);
  return HackathonCredentialsSchema.parse(body);
}

/** An SSE reader that collects `alert` events and notices the end of the stream. */
class AlertStreamClient {
  readonly alerts: Alert[] = [];
  ended = false;
  #reader: ReadableStreamDefaultReader<Uint8Array>;
  #buffer = "";
  #decoder = new TextDecoder();

  constructor(response: Response) {
    this.#reader = response.body!.getReader();
  }

  static async open(id: string, token: string): Promise<AlertStreamClient> {
    const response = await api(`/api/hackathons/${id}/alerts/stream`, { token });
    expect(response.status).toBe(200);
    return new AlertStreamClient(response);
  }

  /** Reads until `done()` holds, or fails after `timeoutMs` (or when the stream ends first). */
  async until(done: () => boolean, timeoutMs = 2000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (this.ended) throw new Error("the stream ended first");
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`condition not met; alerts ${JSON.stringify(this.alerts.map((a) => a.status))}`);
      const chunk = await Promise.race([this.#reader.read(), new Promise<null>((r) => setTimeout(() => r(null), left))]);
      if (chunk === null) continue;
      if (chunk.done) this.ended = true;
      else {
        this.#buffer += this.#decoder.decode(chunk.value, { stream: true });
        this.#parse();
      }
    }
  }

  untilEnded(): Promise<void> {
    return this.until(() => this.ended);
  }

  #parse() {
    for (let end = this.#buffer.indexOf("\n\n"); end !== -1; end = this.#buffer.indexOf("\n\n")) {
      const block = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(end + 2);
      const data = block.split("\n").find((line) => line.startsWith("data:"));
      if (data) this.alerts.push(AlertSchema.parse(JSON.parse(data.slice(5))));
    }
  }

  cancel() {
    void this.#reader.cancel().catch(() => {});
  }
}

describe("rotation ends the sessions of the old credentials", () => {
  it("closes viewer and operator sockets at once with 4001, sends them nothing more, and keeps the admin's", async () => {
    const h = await createHackathon();
    const id = h.hackathon.id;
    const viewer = await LiveClient.open(id, h.viewer_token);
    const operator = await LiveClient.open(id, h.operator_token);
    const admin = await LiveClient.open(id, ADMIN_TOKEN);
    for (const client of [viewer, operator, admin]) await client.waitFor((m) => m.type === "snapshot");
    const seen = { viewer: viewer.messages.length, operator: operator.messages.length };

    const rotated = await rotate(id);
    expect(await viewer.waitForClose()).toEqual({ code: 4001, reason: "credentials rotated" });
    expect(await operator.waitForClose()).toEqual({ code: 4001, reason: "credentials rotated" });

    // The admin's socket lives on and gets the next change; the closed ones got nothing, not
    // even the snapshot that the rotation itself broadcast.
    const before = admin.messages.length;
    expect((await postEvents(id, rotated.webhook_secret, costEvent({ amount: 3 }))).status).toBe(200);
    await admin.waitFor((m) => m.type === "cost" && m.data.current_spend === 3, { from: before });
    expect(admin.closed).toBeNull();
    expect(viewer.messages).toHaveLength(seen.viewer);
    expect(operator.messages).toHaveLength(seen.operator);
    admin.close();
  });

  it("voids tickets minted before the rotation (401), except the admin's", async () => {
    const h = await createHackathon();
    const id = h.hackathon.id;
    const viewerTicket = await issueTicket(id, h.viewer_token);
    const operatorTicket = await issueTicket(id, h.operator_token);
    const adminTicket = await issueTicket(id, ADMIN_TOKEN);
    await rotate(id);
    for (const ticket of [viewerTicket, operatorTicket]) {
      const refused = await upgrade(id, `ticket=${ticket}`);
      expect(refused.status).toBe(401);
      expect(refused.webSocket).toBeNull();
    }
    const opened = await upgrade(id, `ticket=${adminTicket}`);
    expect(opened.status).toBe(101);
    opened.webSocket?.accept();
    opened.webSocket?.close();
  });

  it("ends the SSE streams opened with the hackathon's tokens; the admin's stream goes on", async () => {
    const h = await createHackathon({ budget: { amount: 100 } });
    const id = h.hackathon.id;
    const viewer = await AlertStreamClient.open(id, h.viewer_token);
    const operator = await AlertStreamClient.open(id, h.operator_token);
    const admin = await AlertStreamClient.open(id, ADMIN_TOKEN);
    // A forged role header changes nothing: the Worker overwrites it with the caller's role.
    const forged = new AlertStreamClient(await api(`/api/hackathons/${id}/alerts/stream`, { token: h.viewer_token, headers: { "x-pitwall-role": "admin" } }));

    const rotated = await rotate(id);
    await viewer.untilEnded();
    await operator.untilEnded();
    await forged.untilEnded();

    expect((await postEvents(id, rotated.webhook_secret, costEvent({ total: 85 }))).status).toBe(200);
    await admin.until(() => admin.alerts.some((a) => a.type === "budget"));
    expect(admin.ended).toBe(false);
    expect(viewer.alerts).toEqual([]);
    admin.cancel();
  });

  it("makes every old token a stranger (404) and the new ones work", async () => {
    const h = await createHackathon();
    const id = h.hackathon.id;
    const rotated = await rotate(id);
    expect(rotated.operator_token).not.toBe(h.operator_token);
    expect(rotated.ingest_token).not.toBe(h.ingest_token);
    for (const old of [h.viewer_token, h.operator_token, h.ingest_token]) {
      expect((await api(`/api/hackathons/${id}/dashboard`, { token: old })).status).toBe(404);
      expect((await apiJson(`/api/me?hackathon=${id}`, { token: old })).body).toEqual({ by: null, email: null, role: null });
    }
    expect((await api(`/api/hackathons/${id}/dashboard`, { token: rotated.viewer_token })).status).toBe(200);
    expect((await api(`/api/hackathons/${id}/ticket`, { method: "POST", token: rotated.operator_token })).status).toBe(201);
    expect((await apiJson(`/api/me?hackathon=${id}`, { token: rotated.ingest_token })).body).toMatchObject({ role: "ingest" });
  });
});
