import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AlertListSchema, HistoryResponseSchema, PublicStatusSchema } from "../../../../worker/src/contract";
import { api } from "../../../helpers/api";
import {
  excerpt,
  expectContractError,
  fuzzRuns,
  quietHackathon,
  roomState,
  weirdSegment,
  weirdString,
  wellFormed,
} from "../../../helpers/fuzz";
import { uniqueHackathonId } from "../../../helpers/hackathons";

/** A query value as a client might mangle it: raw, percent-encoded, or with broken escapes. */
const queryValue = fc.oneof(
  weirdString.map((s) => encodeURIComponent(wellFormed(s))),
  fc.constantFrom(
    "%ZZ",
    "%",
    "%E0%A4%A",
    "%00",
    "%ff%fe",
    "+",
    "%2B60",
    "a&b=c",
    "#frag",
    "NaN",
    "Infinity",
    "-Infinity",
    "1e400",
    "-0",
    "0x3c",
    "60.5",
    "-60",
    "1e3",
    "99999999999999999999999",
  ),
  fc.integer().map(String),
);
const isoish = fc.oneof(
  fc
    .date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true })
    .map((d) => encodeURIComponent(d.toISOString())),
  fc.constantFrom(
    "2026-11-28T10:00:00%2B14:00",
    "2026-02-30T00:00:00Z",
    "1970-01-01T00:00:00Z",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59.999Z",
    "-271821-04-20T00:00:00Z",
  ),
  queryValue,
);
const series = fc.oneof(
  fc.constantFrom(
    "cost.spend",
    "cost.burn_rate",
    "tokens.rate",
    "tasks.total",
    "metric.latency_ms",
    "anomaly.cost.spend",
    "anomaly.metric.x",
    "anomaly.anomaly.cost.spend",
    "metric.",
    "metric.A",
  ),
  queryValue,
);

/** A query string of the given parameters, each present or not, some of them repeated. */
function queryOf(params: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  const entries = Object.entries(params).map(([name, value]) =>
    fc.option(
      fc.array(value, { minLength: 1, maxLength: 2 }).map((values) => values.map((v) => `${name}=${v}`).join("&")),
      { nil: null },
    ),
  );
  return fc.tuple(...entries, fc.option(queryValue, { nil: null })).map((parts) => {
    const query = parts.filter((p): p is string => p !== null);
    return query.length > 0 ? `?${query.join("&")}` : "";
  });
}

describe("fuzz: query strings", { timeout: 60_000 }, () => {
  it("GET /history answers any query with a history or a 400, and changes nothing", async () => {
    const h = await quietHackathon();
    const id = h.hackathon.id;
    const before = await roomState(id);
    const query = queryOf({
      series,
      from: isoish,
      to: isoish,
      step: queryValue,
      format: fc.oneof(fc.constantFrom("json", "csv", "CSV", "xml"), queryValue),
    });
    await fc.assert(
      fc.asyncProperty(query, fc.boolean(), async (search, asViewer) => {
        const response = await api(`/api/hackathons/${id}/history${search}`, { token: asViewer ? h.viewer_token : undefined });
        if (response.status === 200) {
          if (!response.headers.get("content-type")?.startsWith("text/csv")) HistoryResponseSchema.parse(await response.json());
          return;
        }
        await expectContractError(response, [400], search);
      }),
      fuzzRuns(60, [["?series=cost.spend&from=0001-01-01T00:00:00Z&to=9999-12-31T23:59:59Z&step=60", true]]),
    );
    expect(await roomState(id)).toEqual(before);
  });

  it("GET /alerts and /rca answer any query with 200 or a 400, and change nothing", async () => {
    const h = await quietHackathon();
    const id = h.hackathon.id;
    const before = await roomState(id);
    const format = fc.oneof(fc.constantFrom("json", "csv", "Csv", ""), queryValue);
    const request = fc.oneof(
      queryOf({ status: fc.oneof(fc.constantFrom("open", "resolved", "all", "OPEN", ""), queryValue), format }).map((q) => `/alerts${q}`),
      queryOf({ format }).map((q) => `/rca${q}`),
    );
    await fc.assert(
      fc.asyncProperty(request, async (path) => {
        const response = await api(`/api/hackathons/${id}${path}`, { token: h.viewer_token });
        if (response.status === 200) {
          if (path.startsWith("/alerts") && response.headers.get("content-type")?.includes("json"))
            AlertListSchema.parse(await response.json());
          return;
        }
        await expectContractError(response, [400], path);
      }),
      fuzzRuns(80),
    );
    expect(await roomState(id)).toEqual(before);
  });
});

describe("fuzz: public routes", { timeout: 60_000 }, () => {
  it("GET /api/public/:id/status answers a public hackathon whatever the query, and anything else with 404", async () => {
    const h = await quietHackathon({ public: true });
    const hidden = await quietHackathon();
    const request = fc.oneof(
      queryOf({ token: queryValue, format: queryValue }).map((q) => ({ path: `/api/public/${h.hackathon.id}/status${q}`, found: true })),
      weirdSegment.map((x) => ({ path: `/api/public/${x}/status`, found: false })),
      fc.constant({ path: `/api/public/${hidden.hackathon.id}/status`, found: false }),
      fc.constant({ path: `/api/public/${uniqueHackathonId()}/status`, found: false }),
    );
    await fc.assert(
      fc.asyncProperty(request, async ({ path, found }) => {
        const response = await api(path, { token: null });
        if (found) {
          expect(response.status, excerpt(path)).toBe(200);
          PublicStatusSchema.parse(await response.json());
        } else {
          await expectContractError(response, [404], path);
        }
      }),
      fuzzRuns(60),
    );
  });

  it("the status page, badge and feed answer an odd or private id with a plain 404, never a 5xx", async () => {
    const hidden = await quietHackathon();
    const id = fc.oneof(weirdSegment, fc.constant(hidden.hackathon.id), fc.constant(uniqueHackathonId()));
    await fc.assert(
      fc.asyncProperty(id, fc.constantFrom("", "/badge.svg", "/feed.atom"), async (x, suffix) => {
        const response = await api(`/status/${x}${suffix}`, { token: null });
        // Pages, not the API: a 404 here is an HTML or text page for people, not the JSON envelope.
        expect(response.status, excerpt(`/status/${x}${suffix}`)).toBe(404);
        expect(response.headers.get("content-type")).toMatch(/^text\/(html|plain)/);
      }),
      fuzzRuns(50),
    );
  });

  it("every hackathon route answers an unknown but well-formed id with 404, even to the admin", async () => {
    const route = fc.constantFrom(
      ["GET", ""],
      ["PATCH", ""],
      ["DELETE", ""],
      ["POST", "/rotate"],
      ["GET", "/dashboard"],
      ["GET", "/history?series=cost.spend"],
      ["GET", "/alerts"],
      ["GET", "/silences"],
      ["POST", "/silences"],
      ["GET", "/channels"],
      ["GET", "/rca"],
      ["GET", "/gaps"],
      ["POST", "/ticket"],
    );
    await fc.assert(
      fc.asyncProperty(
        route,
        fc.constant(null).map(() => uniqueHackathonId("nx")),
        async ([method, suffix], id) => {
          const silence = {
            matchers: { type: "budget" },
            ends_at: new Date(Date.now() + 3_600_000).toISOString(),
            reason: "r",
            created_by: "c",
          };
          const body =
            method === "GET" || method === "DELETE" ? undefined : JSON.stringify(suffix === "/silences" ? silence : { name: "x" });
          const response = await api(`/api/hackathons/${id}${suffix}`, { method, body, headers: { "content-type": "application/json" } });
          await expectContractError(response, [404], `${method} ${suffix}`);
        },
      ),
      // Regression: history is read from D1, so the admin got 200 and no points for any id.
      fuzzRuns(40, [[["GET", "/history?series=cost.spend"], uniqueHackathonId("nx")]]),
    );
  });
});
