// Finding 13 of issue 15: signatures cover the raw body bytes. Decoding first let a body signed
// over U+FFFD verify when raw 0xFF was sent; now the bytes are verified, then decoded strictly.
import { describe, expect, it } from "vitest";
import { ErrorBodySchema } from "../../../../worker/src/contract";
import { api } from "../../../helpers/api";
import { createHackathon } from "../../../helpers/hackathons";
import { eventId } from "../../../helpers/webhooks";
import { tasksOf } from "../../integrations/github/deliveries";

const encoder = new TextEncoder();

async function hmac(key: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
  const cryptoKey = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", cryptoKey, message));
}

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

/** Standard Webhooks headers whose signature covers `signed` (which may differ from what is sent). */
async function standardHeaders(secret: string, signed: Uint8Array) {
  const id = eventId("msg");
  const timestamp = String(Math.floor(Date.now() / 1000));
  const key = Uint8Array.from(atob(secret.slice("whsec_".length)), (c) => c.charCodeAt(0));
  const mac = await hmac(key, concat(encoder.encode(`${id}.${timestamp}.`), signed));
  return {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": timestamp,
    "webhook-signature": `v1,${btoa(String.fromCharCode(...mac))}`,
  };
}

async function githubHeaders(secret: string, signed: Uint8Array) {
  const mac = await hmac(encoder.encode(secret), signed);
  const hex = [...mac].map((b) => b.toString(16).padStart(2, "0")).join("");
  return {
    "content-type": "application/json",
    "x-github-event": "issues",
    "x-github-delivery": crypto.randomUUID(),
    "x-hub-signature-256": `sha256=${hex}`,
  };
}

/** A cost event whose `service` holds `middle`: the raw bytes, and the text a lenient decoder would make of them. */
function eventBytes(middle: Uint8Array) {
  const [head, tail] = JSON.stringify({ id: eventId("raw"), type: "cost", ts: new Date().toISOString(), amount: 1, service: "@" }).split(
    "@",
  );
  return concat(encoder.encode(head), middle, encoder.encode(tail));
}

function issueBytes(middle: Uint8Array) {
  const issue = {
    action: "opened",
    issue: { number: 7, title: "@", state: "open", labels: [], body: null, updated_at: "2026-11-27T10:00:00Z" },
    repository: { full_name: "acme/hack" },
  };
  const [head, tail] = JSON.stringify(issue).split("@");
  return concat(encoder.encode(head), middle, encoder.encode(tail));
}

const RAW_FF = new Uint8Array([0xff]);
const lenientText = (bytes: Uint8Array) => encoder.encode(new TextDecoder().decode(bytes)); // 0xFF -> U+FFFD

async function expectError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(ErrorBodySchema.parse(await response.json()).error.code).toBe(code);
}

const post = (path: string, body: Uint8Array, headers: Record<string, string>) => api(path, { method: "POST", token: null, body, headers });

async function spendOf(id: string, token: string): Promise<number> {
  const response = await api(`/api/hackathons/${id}/dashboard`, { token });
  return ((await response.json()) as { cost_metrics: { current_spend: number } }).cost_metrics.current_spend;
}

describe("webhook signatures over the raw body", () => {
  it("POST /events: 0xFF sent, U+FFFD signed is 401; invalid UTF-8 signed as sent is 400; nothing stored", async () => {
    const h = await createHackathon();
    const path = `/webhooks/${h.hackathon.id}/events`;
    const raw = eventBytes(RAW_FF);
    await expectError(await post(path, raw, await standardHeaders(h.webhook_secret, lenientText(raw))), 401, "unauthorized");
    await expectError(await post(path, raw, await standardHeaders(h.webhook_secret, raw)), 400, "bad_request");
    expect(await spendOf(h.hackathon.id, h.viewer_token)).toBe(0);
    const valid = eventBytes(encoder.encode("é"));
    expect((await post(path, valid, await standardHeaders(h.webhook_secret, valid))).status).toBe(200);
    expect(await spendOf(h.hackathon.id, h.viewer_token)).toBe(1);
  });

  it("POST /github: the same, over X-Hub-Signature-256", async () => {
    const h = await createHackathon();
    const path = `/webhooks/${h.hackathon.id}/github`;
    const raw = issueBytes(RAW_FF);
    await expectError(await post(path, raw, await githubHeaders(h.webhook_secret, lenientText(raw))), 401, "unauthorized");
    await expectError(await post(path, raw, await githubHeaders(h.webhook_secret, raw)), 400, "bad_request");
    expect(await tasksOf(h.hackathon.id)).toEqual([]);
    const valid = issueBytes(encoder.encode("Wire the API ✓"));
    expect((await post(path, valid, await githubHeaders(h.webhook_secret, valid))).status).toBe(200);
    expect((await tasksOf(h.hackathon.id)).map((t) => t.title)).toEqual(["Wire the API ✓"]);
  });

  it("POST /gcp-billing (not body-signed): an authenticated body that is not UTF-8 is 204 unusable, as Pub/Sub would redeliver a 400", async () => {
    const h = await createHackathon();
    const url = new URL(h.webhook_urls.gcp_billing);
    const [head, tail] = JSON.stringify({
      message: { data: "@", messageId: "123", publishTime: new Date().toISOString() },
      subscription: "s",
    }).split("@");
    const raw = concat(encoder.encode(head), RAW_FF, encoder.encode(tail));
    const response = await post(url.pathname + url.search, raw, { "content-type": "application/json" });
    expect(response.status).toBe(204);
    const rca = await api(`/api/hackathons/${h.hackathon.id}/rca`, { token: h.viewer_token });
    const { entries } = (await rca.json()) as { entries: { kind: string; summary: string }[] };
    expect(entries).toEqual([expect.objectContaining({ kind: "unusable_delivery", summary: "The body is not valid UTF-8" })]);
    expect(await spendOf(h.hackathon.id, h.viewer_token)).toBe(0);
  });
});
