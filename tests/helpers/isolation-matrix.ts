// The shared half of the tenant isolation matrices (tests/worker/routes/isolation-matrix*.test.ts):
// how a route of OPERATIONS is addressed and answered, what a refusal must look like, and the
// walk every hackathon route takes through its callers. The token matrix and the people matrix
// differ only in who the callers are and how their credential travels.
import { expect } from "vitest";
import { ErrorBodySchema, type HackathonCredentials } from "../../worker/src/contract";
import type { Operation } from "../../worker/src/openapi/operations";
import { uniqueHackathonId } from "./hackathons";

/** A route's answer, read once: streams and sockets are closed as soon as they answer. */
export type Answer = { status: number; text: string };

/** Two hackathons: the one called and another; `marker` is in the called one's name only. */
export type IsolationPair = { own: HackathonCredentials; foreign: HackathonCredentials; marker: string };

/** Ids of the right shape, so a refusal is about who calls, never about a malformed id. */
const PARAM_SAMPLES: Record<string, string> = {
  alert_id: "alert-1",
  silence_id: "silence-1",
  channel_id: "ch_AAAAAAAAAAAA",
  window_id: "maintenance-1",
};

export function pathFor(op: Operation, hackathonId: string): string {
  return op.path.replace(/:(\w+)/g, (_, name: string) => (name === "id" ? hackathonId : (PARAM_SAMPLES[name] ?? `${name}-1`)));
}

export const labelOf = (op: Operation, caller: string) => `${op.method.toUpperCase()} ${op.path} as ${caller}`;

/** Reads an answer; a socket or an event stream is closed once it has answered, so no test hangs on it. */
export async function answerOf(response: Response): Promise<Answer> {
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

/** A section 5 refusal with the code of its status, which never names the called hackathon. */
export function expectRefusal(answer: Answer, status: 401 | 403 | 404, pair: IsolationPair, label: string) {
  expect(answer.status, label).toBe(status);
  const error = ErrorBodySchema.parse(JSON.parse(answer.text)).error;
  expect(error.code, label).toBe(CODES[status]);
  expect(answer.text, `${label} leaks the hackathon`).not.toContain(pair.marker);
}

/** The lowest role a hackathon route opens to. */
export type MinimumRole = "viewer" | "operator" | "admin";
const ALLOWED: Record<MinimumRole, readonly string[]> = { viewer: ["viewer", "operator"], operator: ["operator"], admin: [] };

/** One matrix: the pair it calls and its callers ("anonymous" and "admin" among them), and how. */
export type Matrix<C extends string> = {
  pair: IsolationPair;
  everyCaller: readonly C[];
  /** Calls `op` as `caller` on the pair's own hackathon, or on `hackathonId`. */
  call: (op: Operation, caller: C | "anonymous" | "admin", hackathonId?: string) => Promise<Answer>;
  /** Callers the own hackathon does not know (another hackathon's, or nobody's): its 404. */
  outsiders: readonly C[];
  /** The own hackathon's callers with the role each holds, called in this order. */
  members: readonly { caller: C; role: string }[];
  /** Whether the admin, sent no input, is checked to get an unknown hackathon's 404 too. */
  adminOnUnknown: boolean;
};

/**
 * A hackathon's route open to `min` and above: anonymous 401; every outsider 404, as on an
 * unknown hackathon; members below `min` 403; members at or above `min` served exactly as the
 * admin is (a missing alert is a 404 for both).
 */
export async function expectRoleAccess<C extends string>(op: Operation, min: MinimumRole, matrix: Matrix<C>) {
  const { pair, call, outsiders, members } = matrix;
  const label = (caller: string) => labelOf(op, caller);
  expectRefusal(await call(op, "anonymous"), 401, pair, label("anonymous"));
  for (const caller of outsiders) expectRefusal(await call(op, caller), 404, pair, label(caller));
  const unknownId = uniqueHackathonId("nx");
  for (const { caller } of members) expectRefusal(await call(op, caller, unknownId), 404, pair, `${label(caller)} on an unknown hackathon`);
  // The admin's input is checked first; without any, an unknown hackathon is a 404 to it too.
  if (matrix.adminOnUnknown && !op.body && !op.query)
    expectRefusal(await call(op, "admin", unknownId), 404, pair, `${label("admin")} on an unknown hackathon`);
  // Members go before the admin: the admin's call may be a rotation, which ends their tokens.
  const own = [];
  for (const { caller, role } of members) own.push({ caller, role, answer: await call(op, caller) });
  const admin = await call(op, "admin");
  expect([401, 403], label("admin")).not.toContain(admin.status);
  expect(admin.text, label("admin")).not.toMatch(/No such hackathon/);
  for (const { caller, role, answer } of own) {
    if (ALLOWED[min].includes(role)) {
      expect(answer.status, label(caller)).toBe(admin.status);
      expect(answer.text, label(caller)).not.toMatch(/No such hackathon/);
    } else expectRefusal(answer, 403, pair, label(caller));
  }
}

/** A route that answers whoever calls and refuses no one; it never names the hackathon. */
export async function expectServedToAll<C extends string>(op: Operation, { pair, everyCaller, call }: Matrix<C>) {
  for (const caller of everyCaller) {
    const answer = await call(op, caller);
    expect(answer.status, labelOf(op, caller)).toBe(200);
    expect(answer.text).not.toContain(pair.marker);
  }
}

/** A route none of the matrix's credentials opens: a 401 refusal to every caller. */
export async function expectRefusedToAll<C extends string>(op: Operation, { pair, everyCaller, call }: Matrix<C>) {
  for (const caller of everyCaller) expectRefusal(await call(op, caller), 401, pair, labelOf(op, caller));
}

/** A public route ignores credentials: every caller gets one status, and no answer names the hackathon. */
export async function expectSameForAll<C extends string>(op: Operation, { pair, everyCaller, call }: Matrix<C>): Promise<Answer[]> {
  const answers = [];
  for (const caller of everyCaller) answers.push(await call(op, caller));
  expect(new Set(answers.map((a) => a.status)).size, `${op.path}: same answer for every caller`).toBe(1);
  for (const answer of answers) expect(answer.text).not.toContain(pair.marker);
  return answers;
}

/** The admin is let through: whatever its answer, it is never a 401 or a 403. */
export async function expectAdminLetThrough<C extends string>(op: Operation, { call }: Matrix<C>) {
  expect([401, 403], labelOf(op, "admin")).not.toContain((await call(op, "admin")).status);
}
