// Finding 10 of issue 15: one client took every socket (one viewer token opened 100). Live
// sockets are capped per client address and hackathon; the viewer token is shared by every
// wall screen and team, so another address (and the admin) still gets in.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ErrorBodySchema } from "../../../worker/src/contract";
import { CAP_RETRY_AFTER_S, MAX_SOCKETS_PER_ADDRESS } from "../../../worker/src/durable/client-caps";
import { ADMIN_TOKEN, BASE_URL } from "../../helpers/api";
import { createHackathon } from "../../helpers/hackathons";
import { issueTicket } from "../../helpers/sockets";

async function upgradeFrom(hackathonId: string, token: string, ip: string): Promise<Response> {
  return upgradeWith(hackathonId, await issueTicket(hackathonId, token), ip);
}

function upgradeWith(hackathonId: string, ticket: string, ip: string): Promise<Response> {
  return exports.default.fetch(
    new Request(`${BASE_URL}/api/hackathons/${hackathonId}/live?ticket=${ticket}`, {
      headers: { upgrade: "websocket", "cf-connecting-ip": ip },
    }),
  );
}

function keep(response: Response): WebSocket {
  expect(response.status).toBe(101);
  const socket = response.webSocket!;
  socket.accept();
  return socket;
}

/** Retries until `attempt` answers 101: a closed socket leaves the object's list when its close is handled. */
async function eventuallyOpens(attempt: () => Promise<Response>, timeoutMs = 3000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await attempt();
    if (response.status === 101 || Date.now() > deadline) return response;
    await response.body?.cancel();
  }
}

describe("live sockets per client address", () => {
  it(`refuses socket ${MAX_SOCKETS_PER_ADDRESS + 1} from one address at upgrade with 429 and Retry-After`, {
    timeout: 30_000,
  }, async () => {
    const h = await createHackathon();
    const id = h.hackathon.id;
    const sockets: WebSocket[] = [];
    for (let i = 0; i < MAX_SOCKETS_PER_ADDRESS; i++) sockets.push(keep(await upgradeFrom(id, h.viewer_token, "203.0.113.40")));

    const unspent = await issueTicket(id, h.viewer_token);
    const refused = await upgradeWith(id, unspent, "203.0.113.40");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe(String(CAP_RETRY_AFTER_S));
    expect(ErrorBodySchema.parse(await refused.json()).error.code).toBe("rate_limited");

    // Another address sharing the same viewer token, and the admin from the full one, still get in.
    sockets.push(keep(await upgradeFrom(id, h.viewer_token, "203.0.113.41")));
    sockets.push(keep(await upgradeFrom(id, ADMIN_TOKEN, "203.0.113.40")));

    // A socket that closes frees its slot, and the ticket the cap refused was not spent: it opens it.
    sockets.shift()!.close(1000, "done");
    sockets.push(keep(await eventuallyOpens(() => upgradeWith(id, unspent, "203.0.113.40"))));
    for (const socket of sockets) socket.close(1000, "done");
  });
});
