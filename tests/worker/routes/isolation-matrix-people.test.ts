// The tenant isolation matrix (isolation-matrix.test.ts) for people signed in through Cloudflare
// Access: every operation the OpenAPI document lists is called by nobody, an admin by email,
// this hackathon's viewer and operator members (one by exact email, one by `*@domain`), a member
// of another hackathon only, and a signed-in stranger, and must answer what its access allows
// (docs/contract.md sections 2 and 5): a member of A gets on B exactly the 404 of an unknown
// hackathon. JWTs travel in Access's header, so no write needs the CSRF header here.
import { beforeAll, describe, expect, it } from "vitest";
import { ErrorBodySchema, type HackathonCredentials } from "../../../worker/src/contract";
import { OPERATIONS, type Operation } from "../../../worker/src/openapi/operations";
import { accessTeam, type AccessTeam } from "../../helpers/access";
import { createHackathon, uniqueHackathonId } from "../../helpers/hackathons";
import { upgrade } from "../../helpers/sockets";

const PEOPLE = {
  admin: "chief@organisers.example",
  viewer: "fan@crowd.example",
  operator: "ops@own.example",
  foreign: "someone@other.example",
  stranger: "eve@nowhere.example",
} as const;
type Person = keyof typeof PEOPLE;
type Caller = "anonymous" | Person;
const EVERY_CALLER: Caller[] = ["anonymous", "admin", "viewer", "operator", "foreign", "stranger"];
type Pair = { own: HackathonCredentials; foreign: HackathonCredentials; marker: string };

const PARAM_SAMPLES: Record<string, string> = {
  alert_id: "alert-1",
  silence_id: "silence-1",
  channel_id: "ch_AAAAAAAAAAAA",
  window_id: "maintenance-1",
};

let team: AccessTeam;
const jwts = new Map<Person, string>();

beforeAll(async () => {
  team = await accessTeam([PEOPLE.admin]);
  for (const [person, email] of Object.entries(PEOPLE) as [Person, string][]) jwts.set(person, await team.sign(email));
});

const pathFor = (op: Operation, id: string) =>
  op.path.replace(/:(\w+)/g, (_, name: string) => (name === "id" ? id : (PARAM_SAMPLES[name] ?? `${name}-1`)));

function bodyFor(op: Operation): unknown {
  if (op.method === "post" && op.path === "/api/hackathons") {
    return { id: uniqueHackathonId("iso-p"), name: "Created", budget: { amount: 1 }, starts_at: new Date().toISOString() };
  }
  return {};
}

async function call(op: Operation, caller: Caller, pair: Pair, hackathonId = pair.own.hackathon.id) {
  const response = await team.call(pathFor(op, hackathonId), {
    method: op.method.toUpperCase(),
    jwt: caller === "anonymous" ? undefined : jwts.get(caller),
    json: op.body ? bodyFor(op) : undefined,
    headers: op.access === "ticket" ? { upgrade: "websocket" } : {},
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
  expect(ErrorBodySchema.parse(JSON.parse(answer.text)).error.code, label).toBe(CODES[status]);
  expect(answer.text, `${label} leaks the hackathon`).not.toContain(pair.marker);
}

async function newPair(): Promise<Pair> {
  const marker = `Isolated-${crypto.randomUUID()}`;
  const [own, foreign] = await Promise.all([
    createHackathon({ name: marker, members: { [PEOPLE.operator]: "operator", "*@crowd.example": "viewer" } }),
    createHackathon({ name: "Someone else", members: { [PEOPLE.foreign]: "operator", "*@crowd.example": "viewer" } }),
  ]);
  return { own, foreign, marker };
}

/** A route of one hackathon open to `min` and above, as its token matrix counterpart. */
async function expectRoleAccess(op: Operation, pair: Pair, min: "viewer" | "operator" | "admin") {
  const label = (caller: Caller) => `${op.method.toUpperCase()} ${op.path} as ${caller}`;
  expectRefusal(await call(op, "anonymous", pair), 401, pair, label("anonymous"));
  for (const caller of ["foreign", "stranger"] as const) expectRefusal(await call(op, caller, pair), 404, pair, label(caller));
  const unknownId = uniqueHackathonId("nx");
  for (const caller of ["viewer", "operator"] as const)
    expectRefusal(await call(op, caller, pair, unknownId), 404, pair, `${label(caller)} on an unknown hackathon`);
  const allowed: readonly Person[] = { viewer: ["viewer", "operator"] as const, operator: ["operator"] as const, admin: [] }[min];
  const own = [];
  for (const caller of ["viewer", "operator"] as const) own.push({ caller, answer: await call(op, caller, pair) });
  const admin = await call(op, "admin", pair);
  expect([401, 403], label("admin")).not.toContain(admin.status);
  expect(admin.text, label("admin")).not.toMatch(/No such hackathon/);
  for (const { caller, answer } of own) {
    if (allowed.includes(caller)) {
      expect(answer.status, label(caller)).toBe(admin.status);
      expect(answer.text, label(caller)).not.toMatch(/No such hackathon/);
    } else expectRefusal(answer, 403, pair, label(caller));
  }
}

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
  const label = (caller: Caller) => `${op.method.toUpperCase()} ${op.path} as ${caller}`;
  switch (op.access) {
    case "admin": {
      if (op.path.startsWith("/api/hackathons/:id")) return expectRoleAccess(op, pair, "admin");
      expectRefusal(await call(op, "anonymous", pair), 401, pair, label("anonymous"));
      // The overview is open to every signed-in person (filtered); creating and /metrics are an admin's.
      const overview = op.method === "get" && op.path === "/api/hackathons";
      for (const caller of ["viewer", "operator", "foreign", "stranger"] as const) {
        const answer = await call(op, caller, pair);
        if (overview) expect(answer.status, label(caller)).toBe(200);
        else expectRefusal(answer, 403, pair, label(caller));
      }
      if (overview) {
        const listed = async (caller: Person) => (await call(op, caller, pair)).text;
        expect(await listed("operator")).toContain(pair.marker);
        expect(await listed("foreign")).not.toContain(pair.marker);
        expect(await listed("stranger")).not.toContain(pair.marker);
      }
      expect([401, 403], label("admin")).not.toContain((await call(op, "admin", pair)).status);
      return;
    }
    case "viewer":
    case "operator":
      return expectRoleAccess(op, pair, op.access);
    case "ticket":
      // An Access JWT never opens the socket by itself: only a ticket of this very hackathon does.
      for (const caller of EVERY_CALLER) expectRefusal(await call(op, caller, pair), 401, pair, label(caller));
      expect(await liveWithTicketOf(pair.foreign, "foreign", pair), "another hackathon's member's ticket").toBe(401);
      expect(await liveWithTicketOf(pair.own, "viewer", pair), "its own viewer member's ticket").toBe(101);
      expect(await liveWithTicketOf(pair.own, "operator", pair), "its own operator member's ticket").toBe(101);
      return;
    case "caller":
      for (const caller of EVERY_CALLER) {
        const answer = await call(op, caller, pair);
        expect(answer.status, label(caller)).toBe(200);
        expect(answer.text).not.toContain(pair.marker);
      }
      return;
    case "anyone": {
      const answers = [];
      for (const caller of EVERY_CALLER) answers.push(await call(op, caller, pair));
      expect(new Set(answers.map((a) => a.status)).size, `${op.path}: same answer for every caller`).toBe(1);
      for (const answer of answers) expect(answer.text).not.toContain(pair.marker);
      return;
    }
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
