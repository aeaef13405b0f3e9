import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ChannelCreatedSchema,
  DashboardStateSchema,
  HackathonCredentialsSchema,
  HackathonIdSchema,
  HackathonSchema,
  SilenceResultSchema,
} from "../../../../worker/src/contract";
import { api, apiJson } from "../../../helpers/api";
import {
  excerpt,
  expectContractError,
  fuzzRuns,
  hackathonState,
  mutatedField,
  quietHackathon,
  roomState,
  weirdBody,
  weirdHeaderValue,
  weirdSegment,
} from "../../../helpers/fuzz";
import { uniqueHackathonId } from "../../../helpers/hackathons";
import { costEvent, postEvents } from "../../../helpers/webhooks";

const HOUR = 3_600_000;
const json = { "content-type": "application/json" };
const validCreate = () => ({
  id: uniqueHackathonId("fz"),
  name: "Fuzz Hack",
  budget: { amount: 1000, currency: "USD" },
  starts_at: new Date(Date.now() - HOUR).toISOString(),
  ends_at: new Date(Date.now() + 23 * HOUR).toISOString(),
});
const CREATE_FIELDS = [
  ["id"],
  ["name"],
  ["status"],
  ["budget"],
  ["budget", "amount"],
  ["budget", "currency"],
  ["starts_at"],
  ["ends_at"],
  ["public"],
  ["thresholds"],
  ["thresholds", "budget_warning"],
  ["thresholds", "alert_hold_s"],
  ["sources"],
  ["integrations"],
];
const PATCH_FIELDS = [
  ["name"],
  ["status"],
  ["budget"],
  ["budget", "amount"],
  ["starts_at"],
  ["ends_at"],
  ["public"],
  ["thresholds", "anomaly"],
  ["thresholds", "alert_hold_s"],
  ["integrations"],
  ["integrations", "gcp_billing"],
  ["integrations", "gcp_billing", "jwks_url"],
  ["unknown_field"],
];

const createBody = fc.oneof(
  fc
    .constant(null)
    .chain(() => mutatedField(validCreate(), CREATE_FIELDS))
    .map((body) => JSON.stringify(body)),
  weirdBody(fc.constant(null).map(validCreate)),
);
const patchBody = fc.oneof(
  mutatedField({ name: "Renamed", thresholds: { anomaly: 0.9 } }, PATCH_FIELDS).map((body) => JSON.stringify(body)),
  weirdBody(fc.constant({ name: "Renamed", public: true })),
);
const idOf = (body: string): string | null => {
  try {
    const id = (JSON.parse(body) as { id?: unknown }).id;
    return HackathonIdSchema.safeParse(id).success ? (id as string) : null;
  } catch {
    return null;
  }
};

/** How one create route is called, and how its 201 is checked: the new item listed exactly once. */
type CreateRoute = { send: (body: string) => Promise<Response>; expectListedOnce: (response: Response) => Promise<void> };

/**
 * Fuzzes a create route with `valid` mutated at `fields` and with weird bodies: each either
 * creates one item or is refused with 400/413 and leaves the hackathon's room as it was.
 */
async function expectCreatesOneOrRefuses(id: string, valid: unknown, fields: string[][], runs: number, route: CreateRoute) {
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        mutatedField(valid, fields).map((b) => JSON.stringify(b)),
        weirdBody(fc.constant(valid)),
      ),
      async (body) => {
        const before = await roomState(id);
        const response = await route.send(body);
        if (response.status !== 201) {
          await expectContractError(response, [400, 413], body);
          expect(await roomState(id)).toEqual(before);
          return;
        }
        await route.expectListedOnce(response);
      },
    ),
    fuzzRuns(runs),
  );
}

describe("fuzz: admin API bodies", { timeout: 60_000 }, () => {
  it("POST /api/hackathons creates a hackathon once, or refuses with 400/409/413 and creates nothing", async () => {
    await fc.assert(
      fc.asyncProperty(createBody, async (body) => {
        const id = idOf(body);
        const before = id ? await apiJson(`/api/hackathons/${id}`) : null;
        const response = await api("/api/hackathons", { method: "POST", body, headers: json });
        if (response.status !== 201) {
          await expectContractError(response, [400, 409, 413], body);
          if (id) expect(await apiJson(`/api/hackathons/${id}`)).toEqual(before);
          return;
        }
        const created = HackathonCredentialsSchema.parse(await response.json());
        const { body: listed } = await apiJson<{ hackathons: { id: string }[] }>("/api/hackathons");
        expect(listed.hackathons.filter((h) => h.id === created.hackathon.id)).toHaveLength(1);
        const state = await hackathonState(created.hackathon.id);
        await expectContractError(await api("/api/hackathons", { method: "POST", body, headers: json }), [409], body);
        expect(await hackathonState(created.hackathon.id)).toEqual(state);
        // Whatever odd settings were accepted, spending against them still reads back in the contract's shape.
        expect((await postEvents(created.hackathon.id, created.webhook_secret, costEvent({ amount: 1 }))).status).toBe(200);
        const dashboard = await apiJson(`/api/hackathons/${created.hackathon.id}/dashboard`, { token: created.viewer_token });
        expect(dashboard.status, excerpt(body)).toBe(200);
        DashboardStateSchema.parse(dashboard.body);
      }),
      // Regression: a budget this small was accepted, and spend / budget overflowed to an
      // Infinity alert score, sent as null.
      fuzzRuns(60, [
        [JSON.stringify({ ...validCreate(), budget: { amount: 5e-324 } })],
        [JSON.stringify({ ...validCreate(), budget: { amount: 1e308 }, public: true })],
      ]),
    );
  });

  it("PATCH /api/hackathons/:id applies a valid patch, or refuses with 400/413 and changes nothing", async () => {
    const h = await quietHackathon();
    const id = h.hackathon.id;
    await fc.assert(
      fc.asyncProperty(patchBody, async (body) => {
        const before = await hackathonState(id);
        const response = await api(`/api/hackathons/${id}`, { method: "PATCH", body, headers: json });
        if (response.status !== 200) {
          await expectContractError(response, [400, 413], body);
          expect(await hackathonState(id)).toEqual(before);
          return;
        }
        const updated = HackathonSchema.parse(await response.json());
        expect((await apiJson(`/api/hackathons/${id}`)).body, excerpt(body)).toEqual(updated);
      }),
      fuzzRuns(60),
    );
  });

  it("POST .../channels creates one channel, or refuses with 400/413 and changes nothing", async () => {
    const h = await quietHackathon();
    const id = h.hackathon.id;
    const valid = { kind: "webhook", name: "Ops", url: "https://hooks.example.com/pitwall", min_severity: "warning", types: ["budget"] };
    const fields = [["kind"], ["name"], ["url"], ["min_severity"], ["types"]];
    await expectCreatesOneOrRefuses(id, valid, fields, 50, {
      send: (body) => api(`/api/hackathons/${id}/channels`, { method: "POST", body, headers: json }),
      expectListedOnce: async (response) => {
        const { channel } = ChannelCreatedSchema.parse(await response.json());
        const { body: list } = await apiJson<{ channels: { id: string }[] }>(`/api/hackathons/${id}/channels`);
        expect(list.channels.filter((c) => c.id === channel.id)).toHaveLength(1);
      },
    });
  });

  it("POST .../silences creates one silence, or refuses with 400/413 and changes nothing", async () => {
    const h = await quietHackathon();
    const id = h.hackathon.id;
    const valid = { matchers: { type: "budget" }, ends_at: new Date(Date.now() + HOUR).toISOString(), reason: "deploy", created_by: "ops" };
    const fields = [
      ["matchers"],
      ["matchers", "type"],
      ["matchers", "series"],
      ["matchers", "severity"],
      ["starts_at"],
      ["ends_at"],
      ["reason"],
      ["created_by"],
      ["extra"],
    ];
    await expectCreatesOneOrRefuses(id, valid, fields, 50, {
      send: (body) => api(`/api/hackathons/${id}/silences`, { method: "POST", token: h.operator_token, body, headers: json }),
      expectListedOnce: async (response) => {
        const { silence } = SilenceResultSchema.parse(await response.json());
        const { body: list } = await apiJson<{ silences: { id: string }[] }>(`/api/hackathons/${id}/silences`, { token: h.viewer_token });
        expect(list.silences.filter((s) => s.id === silence.id)).toHaveLength(1);
      },
    });
  });
});

describe("fuzz: admin API paths and credentials", { timeout: 60_000 }, () => {
  it("answers odd ids of alerts, silences and channels with 404 and changes nothing", async () => {
    const h = await quietHackathon();
    const id = h.hackathon.id;
    const before = await roomState(id);
    const route = fc.constantFrom(
      (x: string) => ["POST", `/api/hackathons/${id}/alerts/${x}/ack`],
      (x: string) => ["POST", `/api/hackathons/${id}/alerts/${x}/resolve`],
      (x: string) => ["DELETE", `/api/hackathons/${id}/silences/${x}`],
      (x: string) => ["DELETE", `/api/hackathons/${id}/channels/${x}`],
      (x: string) => ["POST", `/api/hackathons/${id}/channels/${x}/test`],
      (x: string) => ["GET", `/api/hackathons/${id}/channels/${x}/deliveries`],
    );
    const segment = fc.oneof(
      weirdSegment,
      fc.constantFrom("alert-1", "alert-999999999999999", "silence-0", "ch_AAAAAAAAAAAA", "alert-1e3", "alert--1", "%2e%2e"),
    );
    await fc.assert(
      fc.asyncProperty(route, segment, async (pathOf, x) => {
        const [method, path] = pathOf(x) as [string, string];
        await expectContractError(await api(path, { method }), [404], `${method} ${path}`);
      }),
      fuzzRuns(80),
    );
    expect(await roomState(id)).toEqual(before);
  });

  it("refuses odd credentials on every hackathon route with 401 or 404 and changes nothing", async () => {
    const h = await quietHackathon();
    const id = h.hackathon.id;
    const before = await hackathonState(id);
    const route = fc.constantFrom(
      ["GET", `/api/hackathons/${id}`],
      ["PATCH", `/api/hackathons/${id}`],
      ["DELETE", `/api/hackathons/${id}`],
      ["POST", `/api/hackathons/${id}/rotate`],
      ["POST", `/api/hackathons/${id}/ticket`],
      ["GET", `/api/hackathons/${id}/dashboard`],
      ["POST", `/api/hackathons/${id}/silences`],
      ["POST", `/api/hackathons/${id}/channels`],
      ["POST", "/api/hackathons"],
      ["GET", "/api/hackathons"],
    );
    const authorization = fc.oneof(
      weirdHeaderValue,
      weirdHeaderValue.map((v) => `Bearer ${v}`),
      fc.constantFrom(
        `Bearer ${h.viewer_token}x`,
        `Bearer ${h.webhook_secret}`,
        `Basic ${btoa("admin:admin")}`,
        `Bearer  ${h.viewer_token.slice(1)}`,
      ),
    );
    await fc.assert(
      fc.asyncProperty(route, authorization, async ([method, path], auth) => {
        const response = await api(path!, {
          method,
          token: null,
          body: method === "GET" ? undefined : "{}",
          headers: { ...json, authorization: auth },
        });
        await expectContractError(response, [401, 404], `${method} ${path} ${auth}`);
      }),
      fuzzRuns(80),
    );
    expect(await hackathonState(id)).toEqual(before);
  });

  it("issues a ticket to the viewer whatever body or content type comes along", async () => {
    const h = await quietHackathon();
    const id = h.hackathon.id;
    await fc.assert(
      fc.asyncProperty(weirdBody(fc.constant({})), weirdHeaderValue, async (body, type) => {
        const response = await api(`/api/hackathons/${id}/ticket`, {
          method: "POST",
          token: h.viewer_token,
          body,
          headers: { "content-type": type },
        });
        expect(response.status, excerpt(body)).toBe(201);
        expect(typeof ((await response.json()) as { ticket: unknown }).ticket).toBe("string");
      }),
      fuzzRuns(30),
    );
  });
});
