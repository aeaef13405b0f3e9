// The tenant isolation matrix (isolation-matrix.test.ts) for people signed in through Cloudflare
// Access: every operation the OpenAPI document lists is called by nobody, an admin by email,
// this hackathon's viewer and operator members (one by exact email, one by `*@domain`), a member
// of another hackathon only, and a signed-in stranger, and must answer what its access allows
// (docs/contract.md sections 2 and 5): a member of A gets on B exactly the 404 of an unknown
// hackathon. JWTs travel in Access's header, so no write needs the CSRF header here.
import { beforeAll, describe, expect, it } from "vitest";
import type { HackathonCredentials } from "../../../worker/src/contract";
import { OPERATIONS, type Operation } from "../../../worker/src/openapi/operations";
import { accessTeam, type AccessTeam } from "../../helpers/access";
import { createHackathon, uniqueHackathonId } from "../../helpers/hackathons";
import * as isolation from "../../helpers/isolation-matrix";
import { upgrade } from "../../helpers/sockets";

const PEOPLE = {
  admin: "chief@organisers.example",
  viewer: "fan@crowd.example",
  operator: "ops@own.example",
  foreign: "someone@other.example",
  stranger: "eve@nowhere.example",
} as const;
type Person = keyof typeof PEOPLE;
type Pair = isolation.IsolationPair;
type Caller = "anonymous" | Person;
const EVERY_CALLER: Caller[] = ["anonymous", "admin", "viewer", "operator", "foreign", "stranger"];

let team: AccessTeam;
const jwts = new Map<Person, string>();

beforeAll(async () => {
  team = await accessTeam([PEOPLE.admin]);
  for (const [person, email] of Object.entries(PEOPLE) as [Person, string][]) jwts.set(person, await team.sign(email));
});

function bodyFor(op: Operation): unknown {
  if (op.method === "post" && op.path === "/api/hackathons") {
    return { id: uniqueHackathonId("iso-p"), name: "Created", budget: { amount: 1 }, starts_at: new Date().toISOString() };
  }
  return {};
}

async function call(op: Operation, caller: Caller, pair: Pair, hackathonId = pair.own.hackathon.id) {
  const response = await team.call(isolation.pathFor(op, hackathonId), {
    method: op.method.toUpperCase(),
    jwt: caller === "anonymous" ? undefined : jwts.get(caller),
    json: op.body ? bodyFor(op) : undefined,
    headers: op.access === "ticket" ? { upgrade: "websocket" } : {},
  });
  return isolation.answerOf(response);
}

async function newPair(): Promise<Pair> {
  const marker = `Isolated-${crypto.randomUUID()}`;
  const [own, foreign] = await Promise.all([
    createHackathon({ name: marker, members: { [PEOPLE.operator]: "operator", "*@crowd.example": "viewer" } }),
    createHackathon({ name: "Someone else", members: { [PEOPLE.foreign]: "operator", "*@crowd.example": "viewer" } }),
  ]);
  return { own, foreign, marker };
}

/** The people matrix: another hackathon's member and a stranger are outsiders; two members. */
const peopleMatrix = (pair: Pair): isolation.Matrix<Caller> => ({
  pair,
  everyCaller: EVERY_CALLER,
  call: (op, caller, hackathonId) => call(op, caller, pair, hackathonId),
  outsiders: ["foreign", "stranger"],
  members: (["viewer", "operator"] as const).map((person) => ({ caller: person, role: person })),
  adminOnUnknown: false,
});

/** A member's live ticket, presented on the own hackathon's `/live`. */
async function liveWithTicketOf(holder: HackathonCredentials, person: Person, pair: Pair): Promise<number> {
  const issued = await team.call(`/api/hackathons/${holder.hackathon.id}/ticket`, { method: "POST", jwt: jwts.get(person) });
  const { ticket } = (await issued.json()) as { ticket: string };
  const response = await upgrade(pair.own.hackathon.id, `ticket=${ticket}`);
  response.webSocket?.accept();
  response.webSocket?.close();
  return response.status;
}

async function expectPeopleAccess(op: Operation, pair: Pair) {
  const label = (caller: Caller) => isolation.labelOf(op, caller);
  const matrix = peopleMatrix(pair);
  switch (op.access) {
    case "viewer":
    case "operator":
      return isolation.expectRoleAccess(op, op.access, matrix);
    case "admin": {
      if (op.path.startsWith("/api/hackathons/:id")) return isolation.expectRoleAccess(op, "admin", matrix);
      isolation.expectRefusal(await call(op, "anonymous", pair), 401, pair, label("anonymous"));
      // The overview is open to every signed-in person (filtered); creating and /metrics are an admin's.
      const overview = op.method === "get" && op.path === "/api/hackathons";
      for (const caller of ["viewer", "operator", "foreign", "stranger"] as const) {
        const answer = await call(op, caller, pair);
        if (overview) expect(answer.status, label(caller)).toBe(200);
        else isolation.expectRefusal(answer, 403, pair, label(caller));
      }
      if (overview) {
        const listed = async (caller: Person) => (await call(op, caller, pair)).text;
        expect(await listed("operator")).toContain(pair.marker);
        expect(await listed("foreign")).not.toContain(pair.marker);
        expect(await listed("stranger")).not.toContain(pair.marker);
      }
      await isolation.expectAdminLetThrough(op, matrix);
      return;
    }
    case "ticket":
      // An Access JWT never opens the socket by itself: only a ticket of this very hackathon does.
      await isolation.expectRefusedToAll(op, matrix);
      expect(await liveWithTicketOf(pair.foreign, "foreign", pair), "another hackathon's member's ticket").toBe(401);
      expect(await liveWithTicketOf(pair.own, "viewer", pair), "its own viewer member's ticket").toBe(101);
      expect(await liveWithTicketOf(pair.own, "operator", pair), "its own operator member's ticket").toBe(101);
      return;
    case "caller":
      return isolation.expectServedToAll(op, matrix);
    case "anyone":
      await isolation.expectSameForAll(op, matrix);
      return;
    case "ingest":
    case "standard-webhooks":
    case "github":
    case "pubsub":
      // Inbound routes take their own credentials only: a person opens none of them.
      for (const caller of EVERY_CALLER) expect((await call(op, caller, pair)).status, label(caller)).toBe(401);
      return;
    default: {
      const unhandled: never = op.access;
      throw new Error(`no isolation expectation for access ${String(unhandled)}`);
    }
  }
}

describe("tenant isolation matrix, for people", () => {
  it.each(OPERATIONS.map((op) => [`${op.method.toUpperCase()} ${op.path} (${op.access})`, op] as const))("%s", async (_, op) => {
    await expectPeopleAccess(op, await newPair());
  });
});
