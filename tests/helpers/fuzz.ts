import { runInDurableObject } from "cloudflare:test";
import fc from "fast-check";
import { expect } from "vitest";
import { ErrorBodySchema } from "../../worker/src/contract";
import { apiJson } from "./api";
import { createHackathon } from "./hackathons";
import type { HackathonRoom } from "../../worker/src/durable/hackathon-room";
import { roomOf } from "./rooms";

/**
 * Every fuzz property runs from this seed, so a failure replays with the same inputs (ids
 * and timestamps aside, which stay unique per run). fast-check prints the seed, path and
 * counterexample; `VITE_FUZZ_SEED=<n>` (vitest passes VITE_* into workerd) explores another.
 */
const DEFAULT_SEED = 20261128;
const seedOverride = Number((import.meta as { env?: Record<string, string | undefined> }).env?.VITE_FUZZ_SEED);
export const FUZZ_SEED = Number.isInteger(seedOverride) ? seedOverride : DEFAULT_SEED;

/**
 * Shrinking replays dozens of requests against the Worker and would outlast the test's
 * timeout, so a failure is reported as first found (with its seed and path to replay it).
 * `examples` are regression inputs, run before the random ones; typed loosely because
 * fast-check cannot infer a property's tuple from a separate parameters object.
 */
export const fuzzRuns = (numRuns: number, examples: unknown[][] = []) => ({
  numRuns,
  seed: FUZZ_SEED,
  examples: examples as never[],
  endOnFailure: true,
});

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** The string as it goes on the wire: UTF-8 has no lone surrogates, so each becomes U+FFFD. */
export const wellFormed = (s: string) => s.replace(LONE_SURROGATE, "\ufffd");

/** Strings that have broken parsers, databases and renderers before. */
const NASTY_STRINGS = [
  "",
  " ",
  "NaN",
  "Infinity",
  "-Infinity",
  "1e400",
  "-0",
  "null",
  "undefined",
  "true",
  "0x1F",
  "__proto__",
  "constructor",
  "toString",
  "\u0000",
  "\ud800",
  "\udc00",
  "a\ud83dz",
  "\u202eevil",
  "\ufeff",
  "🦄🏳️‍🌈",
  "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǫ̗̻̓",
  "'; DROP TABLE events; --",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "%00%ff",
  "2026-02-30T25:61:61Z",
  "9999-12-31T23:59:59.999Z",
  "0000-01-01T00:00:00Z",
];

/** Any string, biased towards lone surrogates, control characters, astral planes and lengths that hurt. */
export const weirdString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: fc.constantFrom("\ud800", "\udfff", "\u0000", "\n", "é", "𝔘", "\u200b"), maxLength: 20 }),
  fc.integer({ min: 200, max: 20_000 }).map((n) => "x".repeat(n)),
);

/** Numbers JSON can carry, and the ones that become null, lose precision or underflow. */
export const weirdNumber: fc.Arbitrary<number> = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(0, -0, 1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER + 2, -Number.MAX_SAFE_INTEGER - 2, 2 ** 63, 0.1 + 0.2),
);

/** Arrays or objects nested `depth` deep around a leaf. */
export function nested(depth: number, kind: "array" | "object", leaf: unknown = 1): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = kind === "array" ? [value] : { a: value };
  return value;
}

/** Any JSON-ish value a field could be given instead of the right one. */
export const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: weirdString },
  { weight: 3, arbitrary: weirdNumber },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [null], { __proto__: { admin: true } }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 50, max: 3000 }), fc.constantFrom("array" as const, "object" as const))
      .map(([d, k]) => nested(d, k)),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** Number literals JSON.stringify never writes: they overflow, underflow or lose the sign. */
const RAW_NUMBERS = ["1e400", "-1e400", "1E+999", "-0", "0.0000000000000000000000000000000001e-400", "123456789012345678901234567890"];

/**
 * A body as a sender might get it wrong: any text, truncated or nested JSON, NaN and
 * overflowing literals spliced into a valid document.
 */
export function weirdBody(valid: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  // A body travels as bytes: lone surrogates reach the Worker as JSON escapes, never raw.
  return fc
    .oneof(
      fc.string({ unit: "binary", maxLength: 200 }),
      fc.json({ maxDepth: 4 }),
      fc.constantFrom("", "null", "[]", "{}", "NaN", "Infinity", '{"a":1,"a":2}', '{"events":[', "\ufeff{}", "\ud800"),
      fc
        .tuple(fc.integer({ min: 1_000, max: 50_000 }), fc.constantFrom("[", '{"a":'))
        .map(([n, open]) => (open === "[" ? "[".repeat(n) + "]".repeat(n) : `${open.repeat(n)}1${"}".repeat(n)}`)),
      fc.tuple(valid, fc.nat()).map(([value, cut]) => {
        const text = JSON.stringify(value);
        return text.slice(0, cut % Math.max(1, text.length));
      }),
      fc
        .tuple(valid, fc.constantFrom(...RAW_NUMBERS, "NaN", "Infinity", '"NaN"', '"Infinity"'))
        .map(([value, literal]) => JSON.stringify(value).replace(/(?<=:)-?\d+(\.\d+)?([eE][+-]?\d+)?/, literal)),
    )
    .map(wellFormed);
}

/** `base` with one field (a dotted path) set to `value`, or removed when `value` is undefined. */
export function withField(base: unknown, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy: Record<string, unknown> = typeof base === "object" && base !== null && !Array.isArray(base) ? { ...(base as object) } : {};
  const [head, ...rest] = path as [string, ...string[]];
  if (rest.length === 0 && value === undefined) delete copy[head];
  else copy[head] = withField(copy[head], rest, value);
  return copy;
}

/** `base` with one of `paths` replaced by a weird value, or dropped. */
export const mutatedField = (base: unknown, paths: string[][]) =>
  fc
    .tuple(fc.constantFrom(...paths), fc.option(weirdValue, { nil: undefined, freq: 6 }))
    .map(([path, value]) => withField(base, path, value));

/** Header values a client could send: printable ASCII and tabs (no CR/LF, which fetch refuses). */
export const weirdHeaderValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "",
    "v1,",
    "v1,AAAA",
    "v1a,==",
    "Bearer",
    "Bearer ",
    "sha256=",
    "sha256=zz",
    "NaN",
    "-1",
    "99999999999999999999",
    "%ff%fe",
  ),
  fc.string({ unit: fc.integer({ min: 0x1f, max: 0x7e }).map((c) => (c === 0x1f ? "\t" : String.fromCharCode(c))), maxLength: 300 }),
);

/** A path segment made of anything, percent-encoded so it reaches the router intact. */
export const weirdSegment: fc.Arbitrary<string> = weirdString
  .filter((s) => s.length > 0 && s.length < 2000)
  .map((s) => encodeURIComponent(wellFormed(s)));

/**
 * A short, escaped excerpt for assertion messages: they travel to vitest over a WebSocket,
 * which drops the connection on a lone surrogate (invalid UTF-8).
 */
export const excerpt = (value: unknown, length = 200) =>
  JSON.stringify(typeof value === "string" ? value.slice(0, length) : value)?.slice(0, length) ?? "undefined";

/** Asserts the response is a docs/contract.md section 5 error with one of `statuses`; returns its code. */
export async function expectContractError(response: Response, statuses: number[], context: unknown = ""): Promise<string> {
  const text = await response.text();
  expect(statuses, `${excerpt(context)} → ${response.status} ${excerpt(text, 300)}`).toContain(response.status);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  const parsed = ErrorBodySchema.safeParse(body);
  expect(parsed.success, `${excerpt(context)} → ${response.status} is not the error envelope: ${excerpt(text, 300)}`).toBe(true);
  return parsed.data!.error.code;
}

const QUIET_SOURCE = { event_timeout_s: 86_400, poll_interval_s: 86_400, reconciliation_interval_s: 86_400 };

/**
 * A hackathon whose sources never time out during a test, so no alarm writes to its
 * storage while a property compares it before and after a request.
 */
export const quietHackathon = (overrides: Record<string, unknown> = {}) =>
  createHackathon({ sources: { cost: QUIET_SOURCE, tasks: QUIET_SOURCE, tokens: QUIET_SOURCE, performance: QUIET_SOURCE }, ...overrides });

/** Telemetry, not state: refusals are counted there on purpose, for /metrics. */
const TELEMETRY_TABLES = new Set(["counters"]);

/** FNV-1a: a cheap fingerprint, so big tables are compared without shipping every row. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16);
}

/**
 * Every table of the hackathon's object but telemetry, as row count and fingerprint (small
 * tables keep their rows, for a readable diff), so any other write shows up. The live
 * channel's pending frame is written first: it is deferred, and would otherwise land in
 * the middle of the next request's before-and-after.
 */
export function roomState(hackathonId: string): Promise<Record<string, unknown>> {
  return runInDurableObject(roomOf(hackathonId), (room: HackathonRoom, state) => {
    room.live.flushFrame();
    const sql = state.storage.sql;
    const tables = sql
      .exec<{ name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY name",
      )
      .toArray()
      .map((row) => row.name)
      .filter((name) => !TELEMETRY_TABLES.has(name));
    return Object.fromEntries(
      tables.map((table) => {
        const rows = sql.exec(`SELECT * FROM "${table}" ORDER BY 1`).toArray();
        return [table, rows.length <= 20 ? rows : { rows: rows.length, fingerprint: fingerprint(JSON.stringify(rows)) }];
      }),
    );
  });
}

/** The room's storage plus what the admin API shows of the hackathon (its D1 row feeds the list). */
export async function hackathonState(hackathonId: string) {
  const [room, record, list] = await Promise.all([
    roomState(hackathonId),
    apiJson(`/api/hackathons/${hackathonId}`),
    apiJson<{ hackathons: { id: string }[] }>("/api/hackathons"),
  ]);
  return { room, record, listed: list.body.hackathons.filter((h) => h.id === hackathonId) };
}
