// Tenant isolation and roles, route by route: every operation the OpenAPI document lists is
// called by an anonymous caller, the admin, the hackathon's own viewer, operator and ingest
// tokens, another hackathon's three tokens, and on an unknown hackathon, and must answer what
// its declared access allows (docs/contract.md sections 2 and 5: 401 without a credential, 403 for a
// token of this hackathon whose role is too small, 404 for a hackathon the credential does not
// open, exactly as for one that does not exist). A new route is covered as soon as it is added
// to OPERATIONS; a new kind of access fails to compile here until handled.
import { describe, expect, it } from "vitest";
import type { HackathonCredentials } from "../../../worker/src/contract";
import { OPERATIONS, type Operation } from "../../../worker/src/openapi/operations";
import { RPC_CODE } from "../../../worker/src/otlp/refusal";
import { ADMIN_TOKEN, api } from "../../helpers/api";
import { createHackathon, uniqueHackathonId } from "../../helpers/hackathons";
import * as isolation from "../../helpers/isolation-matrix";
import { budgetData, push, pushEnvelope, pushPath } from "../../helpers/pubsub-push";
import { costEvent, signHeaders } from "../../helpers/webhooks";
import { githubHeaders } from "../integrations/github/deliveries";

const TOKEN_ROLES = ["viewer", "operator", "ingest"] as const;
type TokenRole = (typeof TOKEN_ROLES)[number];
type Pair = isolation.IsolationPair;
type Caller = "anonymous" | "admin" | `own ${TokenRole}` | `foreign ${TokenRole}`;
const OWN = TOKEN_ROLES.map((role) => `own ${role}` as const);
const FOREIGN = TOKEN_ROLES.map((role) => `foreign ${role}` as const);
const EVERY_CALLER: Caller[] = ["anonymous", "admin", ...OWN, ...FOREIGN];

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
async function callWithToken(op: Operation, caller: Caller, pair: Pair, hackathonId = pair.own.hackathon.id): Promise<isolation.Answer> {
  const body = op.body ? bodyFor(op) : undefined;
  const headers: Record<string, string> = op.access === "ticket" ? { upgrade: "websocket" } : {};
  return isolation.answerOf(
    await api(isolation.pathFor(op, hackathonId), { method: op.method.toUpperCase(), token: bearerOf(caller, pair), json: body, headers }),
  );
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
  const response = await api(`${isolation.pathFor(op, pair.own.hackathon.id)}?ticket=${ticket}`, {
    token: null,
    headers: { upgrade: "websocket" },
  });
  response.webSocket?.accept();
  response.webSocket?.close();
  return response.status;
}

/** The token matrix: another hackathon's three tokens are outsiders, the own three its members. */
const tokenMatrix = (pair: Pair): isolation.Matrix<Caller> => ({
  pair,
  everyCaller: EVERY_CALLER,
  call: (op, caller, hackathonId) => callWithToken(op, caller, pair, hackathonId),
  outsiders: FOREIGN,
  members: TOKEN_ROLES.map((role) => ({ caller: `own ${role}` as const, role })),
  adminOnUnknown: true,
});

async function expectTokenAccess(op: Operation, pair: Pair) {
  const label = (caller: Caller) => isolation.labelOf(op, caller);
  const matrix = tokenMatrix(pair);
  switch (op.access) {
    case "admin":
      if (op.path.startsWith("/api/hackathons/:id")) return isolation.expectRoleAccess(op, "admin", matrix);
      // Routes of no hackathon: only the admin token opens them, whatever else is sent.
      for (const caller of EVERY_CALLER.filter((c) => c !== "admin"))
        isolation.expectRefusal(await callWithToken(op, caller, pair), 401, pair, label(caller));
      await isolation.expectAdminLetThrough(op, matrix);
      return;
    case "viewer":
    case "operator":
      return isolation.expectRoleAccess(op, op.access, matrix);
    case "ticket":
      // Bearer tokens never open the socket: only a ticket of this very hackathon does.
      await isolation.expectRefusedToAll(op, matrix);
      expect(await liveWithTicketOf(pair.foreign, pair), `${op.path} with another hackathon's ticket`).toBe(401);
      expect(await liveWithTicketOf(pair.foreign, pair, "operator"), `${op.path} with another hackathon's operator ticket`).toBe(401);
      expect(await liveWithTicketOf(pair.own, pair), `${op.path} with its own viewer's ticket`).toBe(101);
      expect(await liveWithTicketOf(pair.own, pair, "operator"), `${op.path} with its own operator's ticket`).toBe(101);
      return;
    case "caller":
      return isolation.expectServedToAll(op, matrix);
    case "anyone": {
      // Public routes ignore credentials: every caller gets the same answer, and a private
      // hackathon is a 404 to all of them.
      const answers = await isolation.expectSameForAll(op, matrix);
      if (op.path.includes(":id")) for (const answer of answers) expect(answer.status, `${op.path} of a private hackathon`).toBe(404);
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
function expectRpcRefusal(answer: isolation.Answer, status: 401 | 403, pair: Pair, label: string) {
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
  const label = (caller: Caller) => isolation.labelOf(op, caller);
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
    isolation.expectRefusal(await callWithToken(op, caller, pair), 401, pair, label(`with the ${caller}'s bearer token`));
  const send = signedSender(op);
  isolation.expectRefusal(await isolation.answerOf(await send(id, pair.foreign)), 401, pair, label("signed for another hackathon"));
  expect((await send(id, pair.own)).status, label("signed for itself")).toBeLessThan(300);
}

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
