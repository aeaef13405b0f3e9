// Tenant isolation and roles, route by route: every operation the OpenAPI document lists is
// called by an anonymous caller, the admin, the hackathon's own viewer, operator and ingest
// tokens, another hackathon's three tokens, and on an unknown hackathon, and must answer what
// its declared access allows (docs/contract.md sections 2 and 5: 401 without a credential, 403 for a
// token of this hackathon whose role is too small, 404 for a hackathon the credential does not
// open, exactly as for one that does not exist). A new route is covered as soon as it is added
// to OPERATIONS; a new kind of access fails to compile here until handled.
import { describe, expect, it } from "vitest";
import { ErrorBodySchema, type HackathonCredentials } from "../../../worker/src/contract";
import { OPERATIONS, type Operation } from "../../../worker/src/openapi/operations";
import { RPC_CODE } from "../../../worker/src/otlp/refusal";
import { ADMIN_TOKEN, api } from "../../helpers/api";
import { createHackathon, uniqueHackathonId } from "../../helpers/hackathons";
import { budgetData, push, pushEnvelope, pushPath } from "../../helpers/pubsub-push";
import { costEvent, signHeaders } from "../../helpers/webhooks";
import { githubHeaders } from "../integrations/github/deliveries";

const TOKEN_ROLES = ["viewer", "operator", "ingest"] as const;
type TokenRole = (typeof TOKEN_ROLES)[number];
type Caller = "anonymous" | "admin" | `own ${TokenRole}` | `foreign ${TokenRole}`;
const OWN = TOKEN_ROLES.map((role) => `own ${role}` as const);
const FOREIGN = TOKEN_ROLES.map((role) => `foreign ${role}` as const);
const EVERY_CALLER: Caller[] = ["anonymous", "admin", ...OWN, ...FOREIGN];
type Pair = { own: HackathonCredentials; foreign: HackathonCredentials; marker: string };

/** Ids of the right shape, so a refusal is about who calls, never about a malformed id. */
const PARAM_SAMPLES: Record<string, string> = {
  alert_id: "alert-1",
  silence_id: "silence-1",
  channel_id: "ch_AAAAAAAAAAAA",
  window_id: "maintenance-1",
};

function pathFor(op: Operation, hackathonId: string): string {
  return op.path.replace(/:(\w+)/g, (_, name: string) => (name === "id" ? hackathonId : (PARAM_SAMPLES[name] ?? `${name}-1`)));
}

function bodyFor(op: Operation): unknown {
  if (op.method === "post" && op.path === "/api/hackathons") {
    const now = Date.now();
    return {
      id: uniqueHackathonId("iso"),
      name: "Created",
      budget: { amount: 1 },
      starts_at: new Date(now).toISOString(),
      ends_at: new Date(now + 3_600_000).toISOString(),
    };
  }
  return {};
}

const tokenOf = (credentials: HackathonCredentials, role: TokenRole) => credentials[`${role}_token`];

function bearerOf(caller: Caller, pair: Pair): string | null {
  if (caller === "anonymous") return null;
  if (caller === "admin") return ADMIN_TOKEN;
  const [side, role] = caller.split(" ") as ["own" | "foreign", TokenRole];
  return tokenOf(side === "own" ? pair.own : pair.foreign, role);
}

/** A token-authenticated call (admin, operator, viewer and anyone routes); streams are cancelled once answered. */
async function callWithToken(
  op: Operation,
  caller: Caller,
  pair: Pair,
  hackathonId = pair.own.hackathon.id,
): Promise<{ status: number; text: string }> {
  const body = op.body ? bodyFor(op) : undefined;
  const headers: Record<string, string> = op.access === "ticket" ? { upgrade: "websocket" } : {};
  const response = await api(pathFor(op, hackathonId), {
    method: op.method.toUpperCase(),
    token: bearerOf(caller, pair),
    json: body,
    headers,
  });
  if (response.webSocket) {
    response.webSocket.accept();
    response.webSocket.close();
    return { status: response.status, text: "" };
  }
  if (response.headers.get("content-type")?.startsWith("text/event-stream")) {
    await response.body?.cancel();
    return { status: response.status, text: "" };
  }
  return { status: response.status, text: await response.text() };
}

const CODES = { 401: "unauthorized", 403: "forbidden", 404: "not_found" } as const;

function expectRefusal(answer: { status: number; text: string }, status: 401 | 403 | 404, pair: Pair, label: string) {
  expect(answer.status, label).toBe(status);
  const error = ErrorBodySchema.parse(JSON.parse(answer.text)).error;
  expect(error.code, label).toBe(CODES[status]);
  expect(answer.text, `${label} leaks the hackathon`).not.toContain(pair.marker);
}

async function newPair(): Promise<Pair> {
  const marker = `Isolated-${crypto.randomUUID()}`;
  const [own, foreign] = await Promise.all([createHackathon({ name: marker }), createHackathon({ name: "Someone else" })]);
  return { own, foreign, marker };
}

/** A live ticket of `holder` (got with its `role` token), presented on the own hackathon's `/live`. */
async function liveWithTicketOf(holder: HackathonCredentials, pair: Pair, role: Exclude<TokenRole, "ingest"> = "viewer"): Promise<number> {
  const issued = await api(`/api/hackathons/${holder.hackathon.id}/ticket`, { method: "POST", token: tokenOf(holder, role) });
  const { ticket } = (await issued.json()) as { ticket: string };
  const op = OPERATIONS.find((o) => o.access === "ticket")!;
  const response = await api(`${pathFor(op, pair.own.hackathon.id)}?ticket=${ticket}`, { token: null, headers: { upgrade: "websocket" } });
  response.webSocket?.accept();
  response.webSocket?.close();
  return response.status;
}

/**
 * A hackathon's route open to `min` and above: anonymous 401; every token of another hackathon
 * 404, as on an unknown hackathon; own tokens below `min` (and ingest, which reads nothing) 403;
 * own tokens at or above `min` served exactly as the admin is (a missing alert is a 404 for both).
 */
async function expectRoleAccess(op: Operation, pair: Pair, min: Exclude<TokenRole, "ingest"> | "admin") {
  const label = (caller: Caller) => `${op.method.toUpperCase()} ${op.path} as ${caller}`;
  expectRefusal(await callWithToken(op, "anonymous", pair), 401, pair, label("anonymous"));
  for (const caller of FOREIGN) expectRefusal(await callWithToken(op, caller, pair), 404, pair, label(caller));
  const unknownId = uniqueHackathonId("nx");
  for (const caller of OWN)
    expectRefusal(await callWithToken(op, caller, pair, unknownId), 404, pair, `${label(caller)} on an unknown hackathon`);
  // The admin's input is checked first; without any, an unknown hackathon is a 404 to it too.
  if (!op.body && !op.query)
    expectRefusal(await callWithToken(op, "admin", pair, unknownId), 404, pair, `${label("admin")} on an unknown hackathon`);
  const allowed: readonly TokenRole[] = { viewer: ["viewer", "operator"] as const, operator: ["operator"] as const, admin: [] }[min];
  // Own tokens go before the admin: the admin's call may be a rotation, which ends them.
  const own = [];
  for (const role of TOKEN_ROLES) own.push({ role, caller: `own ${role}` as const, answer: await callWithToken(op, `own ${role}`, pair) });
  const admin = await callWithToken(op, "admin", pair);
  expect([401, 403], label("admin")).not.toContain(admin.status);
  expect(admin.text, label("admin")).not.toMatch(/No such hackathon/);
  for (const { role, caller, answer } of own) {
    if (allowed.includes(role)) {
      expect(answer.status, label(caller)).toBe(admin.status);
      expect(answer.text, label(caller)).not.toMatch(/No such hackathon/);
    } else expectRefusal(answer, 403, pair, label(caller));
  }
}

async function expectTokenAccess(op: Operation, pair: Pair) {
  const label = (caller: Caller) => `${op.method.toUpperCase()} ${op.path} as ${caller}`;
  switch (op.access) {
    case "admin":
      if (op.path.startsWith("/api/hackathons/:id")) return expectRoleAccess(op, pair, "admin");
      // Routes of no hackathon: only the admin token opens them, whatever else is sent.
      for (const caller of EVERY_CALLER.filter((c) => c !== "admin"))
        expectRefusal(await callWithToken(op, caller, pair), 401, pair, label(caller));
      expect([401, 403], label("admin")).not.toContain((await callWithToken(op, "admin", pair)).status);
      return;
    case "viewer":
    case "operator":
      return expectRoleAccess(op, pair, op.access);
    case "ticket":
      // Bearer tokens never open the socket: only a ticket of this very hackathon does.
      for (const caller of EVERY_CALLER) expectRefusal(await callWithToken(op, caller, pair), 401, pair, label(caller));
      expect(await liveWithTicketOf(pair.foreign, pair), `${op.path} with another hackathon's ticket`).toBe(401);
      expect(await liveWithTicketOf(pair.foreign, pair, "operator"), `${op.path} with another hackathon's operator ticket`).toBe(401);
      expect(await liveWithTicketOf(pair.own, pair), `${op.path} with its own viewer's ticket`).toBe(101);
      expect(await liveWithTicketOf(pair.own, pair, "operator"), `${op.path} with its own operator's ticket`).toBe(101);
      return;
    case "caller": {
      // Answers whoever calls and refuses no one; it never names the hackathon.
      for (const caller of EVERY_CALLER) {
        const answer = await callWithToken(op, caller, pair);
        expect(answer.status, label(caller)).toBe(200);
        expect(answer.text).not.toContain(pair.marker);
      }
      return;
    }
    case "anyone": {
      // Public routes ignore credentials: every caller gets the same answer, and a private
      // hackathon is a 404 to all of them.
      const answers = [];
      for (const caller of EVERY_CALLER) answers.push(await callWithToken(op, caller, pair));
      expect(new Set(answers.map((a) => a.status)).size, `${op.path}: same answer for every caller`).toBe(1);
      if (op.path.includes(":id")) for (const answer of answers) expect(answer.status, `${op.path} of a private hackathon`).toBe(404);
      for (const answer of answers) expect(answer.text).not.toContain(pair.marker);
      return;
    }
    case "ingest":
      return expectIngestAccess(op, pair);
    case "standard-webhooks":
    case "github":
    case "pubsub":
      return expectSignatureAccess(op, pair);
    default: {
      const unhandled: never = op.access;
      throw new Error(`no isolation expectation for access ${String(unhandled)}`);
    }
  }
}

const RPC_CODES = { 401: RPC_CODE.UNAUTHENTICATED, 403: RPC_CODE.PERMISSION_DENIED } as const;

/** An OTLP refusal: a google.rpc.Status (JSON, as the request was), never section 5's envelope. */
function expectRpcRefusal(answer: { status: number; text: string }, status: 401 | 403, pair: Pair, label: string) {
  expect(answer.status, label).toBe(status);
  const body = JSON.parse(answer.text) as { code: number; message: string };
  expect(body.code, label).toBe(RPC_CODES[status]);
  expect(body.message, label).toEqual(expect.any(String));
  expect(answer.text, `${label} leaks the hackathon`).not.toContain(pair.marker);
}

/**
 * OTLP (docs/contract.md section 11): only the hackathon's own ingest token sends. Another
 * hackathon's tokens, none, and any token on an unknown hackathon are one 401; this hackathon's
 * viewer and operator tokens, and the admin's, are 403 (a role that is not enough).
 */
async function expectIngestAccess(op: Operation, pair: Pair) {
  const label = (caller: Caller) => `${op.method.toUpperCase()} ${op.path} as ${caller}`;
  for (const caller of ["anonymous", ...FOREIGN] as const)
    expectRpcRefusal(await callWithToken(op, caller, pair), 401, pair, label(caller));
  const unknownId = uniqueHackathonId("nx");
  for (const caller of OWN)
    expectRpcRefusal(await callWithToken(op, caller, pair, unknownId), 401, pair, `${label(caller)} on an unknown hackathon`);
  for (const caller of ["admin", "own viewer", "own operator"] as const)
    expectRpcRefusal(await callWithToken(op, caller, pair), 403, pair, label(caller));
  expect((await callWithToken(op, "own ingest", pair)).status, label("own ingest")).toBe(200);
}

/** Webhooks: bearer tokens open nothing, another hackathon's secret opens nothing, its own does. */
async function expectSignatureAccess(op: Operation, pair: Pair) {
  const id = pair.own.hackathon.id;
  const label = (who: string) => `${op.path} ${who}`;
  for (const caller of EVERY_CALLER)
    expectRefusal(await callWithToken(op, caller, pair), 401, pair, label(`with the ${caller}'s bearer token`));
  const send = signedSender(op);
  expectRefusal(await answerOf(send(id, pair.foreign)), 401, pair, label("signed for another hackathon"));
  expect((await send(id, pair.own)).status, label("signed for itself")).toBeLessThan(300);
}

const answerOf = async (pending: Promise<Response>) => {
  const response = await pending;
  return { status: response.status, text: await response.text() };
};

/** Sends a valid-shaped delivery to hackathon `id`, authenticated with `signer`'s credentials. */
function signedSender(op: Operation): (id: string, signer: HackathonCredentials) => Promise<Response> {
  switch (op.access) {
    case "standard-webhooks":
      return (id, signer) => {
        const body = JSON.stringify(costEvent({ amount: 1 }));
        return api(`/webhooks/${id}/events`, { method: "POST", token: null, body, headers: signHeaders(signer.webhook_secret, body) });
      };
    case "github":
      return async (id, signer) => {
        const body = JSON.stringify({ zen: "Isolation.", hook_id: 1 });
        return api(`/webhooks/${id}/github`, {
          method: "POST",
          token: null,
          body,
          headers: await githubHeaders(signer.webhook_secret, body, "ping"),
        });
      };
    case "pubsub":
      return (id, signer) => push(pushPath(id, new URL(signer.webhook_urls.gcp_billing).search), pushEnvelope(budgetData()));
    default:
      throw new Error(`${op.path} is not a webhook`);
  }
}

describe("tenant isolation matrix", () => {
  it("covers every operation of the API", () => {
    expect(OPERATIONS.length).toBeGreaterThan(0);
    expect(new Set(OPERATIONS.map((op) => `${op.method} ${op.path}`)).size).toBe(OPERATIONS.length);
  });

  it.each(OPERATIONS.map((op) => [`${op.method.toUpperCase()} ${op.path} (${op.access})`, op] as const))("%s", async (_, op) => {
    await expectTokenAccess(op, await newPair());
  });

  it("stores nothing in a hackathon from deliveries signed for another", async () => {
    const pair = await newPair();
    const events = OPERATIONS.find((op) => op.access === "standard-webhooks")!;
    await signedSender(events)(pair.own.hackathon.id, pair.foreign);
    const dashboard = await api(`/api/hackathons/${pair.own.hackathon.id}/dashboard`, { token: pair.own.viewer_token });
    const state = (await dashboard.json()) as { cost_metrics: { current_spend: number } };
    expect(state.cost_metrics.current_spend).toBe(0);
  });
});
