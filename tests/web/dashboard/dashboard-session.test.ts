import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type DeltaKind, HackathonSchema, type LiveMessage, LiveMessageSchema, type Me, SESSION_END } from "$contract";
import { DashboardSession, personRefusal, type ReaderName, REFUSAL_MESSAGE } from "$lib/dashboard/dashboard-session.svelte";
import { HackathonSocket } from "$lib/live/hackathon-socket.svelte";
import { CHARTED_SERIES } from "$lib/live/live-points";
import { makeAlert, makeAnomalyMark, makeDashboardState, makeIncident } from "../fixtures/dashboard-state";
import { makeWindow } from "../fixtures/notifications";
import { type FakeRoutes, fakeApi, type SeenRequest, settle, unauthorized } from "../helpers/fake-api";
import { FakeWebSocket } from "../live/fake-websocket";

const ID = "spring-jam";
const BASE = `/api/hackathons/${ID}`;
const TOKEN_KEY = `pitwall.token.hackathon.${ID}`;
const READER_PATHS: Record<ReaderName, string> = {
  rca: `${BASE}/rca`,
  gaps: `${BASE}/gaps`,
  channels: `${BASE}/channels`,
  maintenance: `${BASE}/maintenance`,
};
const READER_NAMES = Object.keys(READER_PATHS) as ReaderName[];
const ts = "2026-11-28T10:01:00Z";
const base = makeDashboardState();

const hackathon = HackathonSchema.parse({
  id: ID,
  name: "Spring Jam",
  status: "active",
  budget: { amount: 1000, currency: "USD" },
  starts_at: base.starts_at,
  ends_at: base.ends_at,
  public: false,
  thresholds: { budget_warning: 0.7, budget_critical: 0.9, anomaly: 0.8, alert_hold_s: 300 },
  sources: Object.fromEntries(
    ["cost", "tasks", "tokens", "performance"].map((source) => [
      source,
      { event_timeout_s: 60, poll_interval_s: 60, reconciliation_interval_s: 300, poll: null },
    ]),
  ),
  created_at: "2026-11-28T07:00:00Z",
  updated_at: "2026-11-28T07:00:00Z",
});

/** Answers for a token with `role` on the hackathon; `overrides` replace single routes. */
function routes(role: Me["role"] = "admin", overrides: FakeRoutes = {}): FakeRoutes {
  return {
    "GET /api/me": { status: 200, body: { by: `${role} token`, email: null, role } },
    [`GET ${BASE}`]: { status: 200, body: hackathon },
    [`GET ${BASE}/dashboard`]: { status: 200, body: base },
    [`POST ${BASE}/ticket`]: { status: 200, body: { ticket: "ticket-1", expires_at: "2026-11-28T10:01:00Z" } },
    [`GET ${BASE}/history`]: { status: 200, body: { series: "any", step_s: 60, points: [] } },
    [`GET ${BASE}/rca`]: { status: 200, body: { entries: [], transitions: [] } },
    [`GET ${BASE}/gaps`]: {
      status: 200,
      body: { critical_path: { task_ids: [], hours: 0 }, gaps: [], cycles: [], unknown_dependencies: [] },
    },
    [`GET ${BASE}/channels`]: { status: 200, body: { channels: [] } },
    [`GET ${BASE}/maintenance`]: { status: 200, body: { maintenance: [] } },
    ...overrides,
  };
}

function memoryStorage(entries: Record<string, string> = {}): Storage {
  const items = new Map(Object.entries(entries));
  return {
    get length() {
      return items.size;
    },
    key: (index: number) => [...items.keys()][index] ?? null,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
    clear: () => items.clear(),
  };
}

let sessions: DashboardSession[] = [];

/** A session over fake HTTP (answers chosen per token) and a fake WebSocket; debounced re-reads run at once. */
function newSession(routesFor: (token: string | null) => FakeRoutes = () => routes(), storage = memoryStorage()) {
  const seen: SeenRequest[] = [];
  const session = new DashboardSession({
    id: ID,
    origin: "https://pitwall.example",
    storage,
    makeApi: (token) => fakeApi(routesFor(token), token, seen).api,
    makeSocket: (options) =>
      new HackathonSocket({ ...options, WebSocket: FakeWebSocket as unknown as typeof WebSocket, reconnectDelayMs: { min: 5, max: 10 } }),
    refreshDebounceMs: 0,
  });
  sessions.push(session);
  const requests = (): SeenRequest[] => seen;
  const reads = (path: string) => requests().filter((r) => r.method === "GET" && r.path === path);
  return { session, storage, requests, reads };
}

/** Connects, waits for the socket and every first read, opens the socket and delivers its first snapshot. */
async function connected(setup: ReturnType<typeof newSession>, token = "admin-token") {
  setup.session.connect(token);
  await vi.waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1));
  await vi.waitFor(() => {
    for (const name of READER_NAMES) expect(setup.session.readers?.[name].value).not.toBeNull();
    expect(setup.reads(`${BASE}/history`)).toHaveLength(CHARTED_SERIES.length);
  });
  FakeWebSocket.latest().open();
  FakeWebSocket.latest().deliver({ type: "snapshot", seq: 1, state: base });
  expect(setup.session.socket?.lastSeq).toBe(1);
  return setup;
}

const deltaData = {
  cost: base.cost_metrics,
  tasks: base.task_metrics,
  tokens: base.token_metrics,
  metric: { latency: { name: "latency", value: 12, unit: "ms", ts } },
  alert: makeAlert(),
  incident: makeIncident(),
  anomaly: makeAnomalyMark(),
  health: base.hysteresis_health,
  provider_budget: null,
  outlook: base.outlook,
} satisfies Record<DeltaKind, unknown>;

/** A delta of `kind`, checked against the contract so the socket cannot drop it as malformed. */
const delta = (kind: DeltaKind, seq: number): LiveMessage => LiveMessageSchema.parse({ type: kind, seq, ts, data: deltaData[kind] });

// What each kind must make the page read again, written out here as the specification of the table.
const EXPECTED_REFRESHES: Record<DeltaKind, ReaderName[]> = {
  cost: [],
  tasks: ["gaps"],
  tokens: [],
  metric: [],
  alert: ["channels", "maintenance"],
  incident: [],
  anomaly: [],
  health: ["rca"],
  provider_budget: [],
  outlook: [],
};

beforeEach(() => {
  FakeWebSocket.instances = [];
  sessions = [];
});

afterEach(() => {
  for (const session of sessions) session.stop();
  vi.useRealTimers();
});

describe("DashboardSession", () => {
  it("connects: reads the dashboard, the role, the thresholds and every panel with the token, and opens the live channel", async () => {
    const setup = newSession();
    const { session, requests } = setup;
    session.connect("admin-token");
    expect(session.token).toBe("admin-token");
    expect(session.socket?.status).toBe("connecting");
    await vi.waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1));
    await vi.waitFor(() => expect(session.dashboard?.name).toBe("Spring Jam"));
    await vi.waitFor(() => expect(session.readers?.maintenance.value).toEqual([]));
    await settle();

    expect(FakeWebSocket.latest().url).toBe(`wss://pitwall.example${BASE}/live?ticket=ticket-1`);
    expect(requests().every((r) => r.authorization === "Bearer admin-token")).toBe(true);
    const asked = requests().map((r) => `${r.method} ${r.path}${r.path.endsWith("/history") ? "" : r.search}`);
    expect(new Set(asked)).toEqual(
      new Set([
        `GET /api/me?hackathon=${ID}`,
        `GET ${BASE}`,
        `GET ${BASE}/dashboard`,
        `POST ${BASE}/ticket`,
        `GET ${BASE}/history`,
        ...Object.values(READER_PATHS).map((path) => `GET ${path}`),
      ]),
    );
    const historySeries = setup.reads(`${BASE}/history`).map((r) => new URLSearchParams(r.search).get("series"));
    expect(historySeries.sort()).toEqual([...CHARTED_SERIES].sort());
    expect(session.role).toBe("admin");
    expect(session.canAct).toBe(true);
    expect(session.thresholds).toEqual(hackathon.thresholds);
    expect(session.readers?.channels.value).toEqual({ managed: true, channels: [] });
    expect(session.refused).toBe(false);
    expect(session.stale).not.toBeNull();

    FakeWebSocket.latest().open();
    expect(session.socket?.status).toBe("open");
  });

  it("makes each live delta re-read exactly the panels it can change", async () => {
    const { session } = await connected(newSession());
    const readers = session.readers!;
    const spies = Object.fromEntries(READER_NAMES.map((name) => [name, vi.spyOn(readers[name], "refresh")])) as Record<
      ReaderName,
      ReturnType<typeof vi.spyOn>
    >;
    const refreshed = () => READER_NAMES.filter((name) => spies[name].mock.calls.length > 0).sort();

    let seq = 1;
    for (const kind of Object.keys(EXPECTED_REFRESHES) as DeltaKind[]) {
      seq += 1;
      FakeWebSocket.latest().deliver(delta(kind, seq));
      expect(session.socket?.lastSeq, kind).toBe(seq);
      expect(refreshed(), kind).toEqual([...EXPECTED_REFRESHES[kind]].sort());
      for (const name of EXPECTED_REFRESHES[kind]) expect(spies[name], `${kind} → ${name}`).toHaveBeenCalledTimes(1);
      for (const spy of Object.values(spies)) spy.mockClear();
    }
  });

  it("does not re-read anything on the first snapshot, and everything (charts included) on the snapshot after a reconnect", async () => {
    const setup = newSession();
    setup.session.connect("admin-token");
    await vi.waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1));
    await vi.waitFor(() => expect(setup.reads(`${BASE}/history`)).toHaveLength(CHARTED_SERIES.length));
    await vi.waitFor(() => expect(setup.session.readers?.maintenance.value).not.toBeNull());
    const readers = setup.session.readers!;
    const spies = READER_NAMES.map((name) => vi.spyOn(readers[name], "refresh"));
    FakeWebSocket.latest().open();
    FakeWebSocket.latest().deliver({ type: "snapshot", seq: 1, state: base });
    expect(spies.every((spy) => spy.mock.calls.length === 0)).toBe(true);
    await settle();
    expect(setup.reads(`${BASE}/history`)).toHaveLength(CHARTED_SERIES.length);
    for (const path of Object.values(READER_PATHS)) expect(setup.reads(path)).toHaveLength(1);

    FakeWebSocket.latest().drop();
    expect(setup.session.socket?.status).toBe("reconnecting");
    await vi.waitFor(() => expect(FakeWebSocket.instances).toHaveLength(2));
    FakeWebSocket.latest().open();
    FakeWebSocket.latest().deliver({ type: "snapshot", seq: 5, state: base });
    expect(spies.every((spy) => spy.mock.calls.length === 1)).toBe(true);
    await vi.waitFor(() => {
      for (const path of Object.values(READER_PATHS)) expect(setup.reads(path)).toHaveLength(2);
      expect(setup.reads(`${BASE}/history`)).toHaveLength(2 * CHARTED_SERIES.length);
    });
  });

  it.each(["viewer", "operator"] as const)("never asks a %s token for the channels, which only the admin may read", async (role) => {
    const setup = await connected(newSession(() => routes(role, { [`GET ${BASE}/channels`]: unauthorized })));
    expect(setup.session.readers?.channels.value).toEqual({ managed: false });
    FakeWebSocket.latest().deliver(delta("alert", 2));
    await vi.waitFor(() => expect(setup.reads(READER_PATHS.maintenance)).toHaveLength(2));
    await settle();
    expect(setup.reads(READER_PATHS.channels)).toHaveLength(0);
  });

  it("asks for the channels when the role cannot be read, and stops once they are refused", async () => {
    const meFails: FakeRoutes = {
      "GET /api/me": { status: 500, body: { error: { code: "internal", message: "boom", issues: [] } } },
      [`GET ${BASE}/channels`]: unauthorized,
    };
    const setup = await connected(newSession(() => routes("operator", meFails)));
    expect(setup.session.readers?.channels.value).toEqual({ managed: false });
    FakeWebSocket.latest().deliver(delta("alert", 2));
    await vi.waitFor(() => expect(setup.reads(READER_PATHS.maintenance)).toHaveLength(2));
    await settle();
    expect(setup.reads(READER_PATHS.channels)).toHaveLength(1);
  });

  it("loads the history of a metric the first time it is seen, and only then", async () => {
    const setup = await connected(newSession());
    const metricReads = () =>
      setup.reads(`${BASE}/history`).filter((r) => new URLSearchParams(r.search).get("series") === "metric.latency");
    FakeWebSocket.latest().deliver(delta("metric", 2));
    await vi.waitFor(() => expect(metricReads()).toHaveLength(1));
    FakeWebSocket.latest().deliver(delta("metric", 3));
    await settle();
    expect(metricReads()).toHaveLength(1);
    expect(setup.reads(`${BASE}/history`)).toHaveLength(CHARTED_SERIES.length + 1);
  });

  it("reads the charts' history again over the new window when the range changes", async () => {
    const metrics = { latency: { name: "latency", value: 12, unit: "ms", ts } };
    const setup = newSession(() => routes("admin", { [`GET ${BASE}/dashboard`]: { status: 200, body: { ...base, metrics } } }));
    setup.session.changeRange("6h");
    expect(setup.session.range).toBe("6h");
    expect(setup.requests()).toEqual([]);

    setup.session.connect("admin-token");
    await vi.waitFor(() => expect(setup.reads(`${BASE}/history`)).toHaveLength(CHARTED_SERIES.length + 1));
    const windowOf = (r: SeenRequest) => {
      const query = new URLSearchParams(r.search);
      return (Date.parse(query.get("to")!) - Date.parse(query.get("from")!)) / 1000;
    };
    expect(setup.reads(`${BASE}/history`).map(windowOf)).toEqual(Array(CHARTED_SERIES.length + 1).fill(6 * 3600));

    setup.session.changeRange("1h");
    expect(setup.session.range).toBe("1h");
    await vi.waitFor(() => expect(setup.reads(`${BASE}/history`)).toHaveLength(2 * (CHARTED_SERIES.length + 1)));
    const again = setup.reads(`${BASE}/history`).slice(CHARTED_SERIES.length + 1);
    expect(again.map(windowOf)).toEqual(Array(CHARTED_SERIES.length + 1).fill(3600));
    expect(again.map((r) => new URLSearchParams(r.search).get("series")).sort()).toEqual([...CHARTED_SERIES, "metric.latency"].sort());
  });

  it("stops the socket and every reader when the page leaves", async () => {
    const answers = routes();
    const setup = await connected(newSession(() => answers));
    const readers = setup.session.readers!;
    setup.session.stop();
    expect(setup.session.socket?.status).toBe("stopped");
    expect(FakeWebSocket.latest().readyState).toBe(FakeWebSocket.CLOSED);
    expect(setup.session.readers).toBeNull();
    // A stopped reader keeps what it had: an answer that lands after the page left is dropped.
    answers[`GET ${BASE}/rca`] = {
      status: 200,
      body: { entries: [], transitions: [{ source: "cost", from: "event", to: "poll", reason: "late", at: ts }] },
    };
    await readers.rca.load();
    expect(readers.rca.value).toEqual({ entries: [], transitions: [] });
  });

  it("drops the first token's socket and readers when another token connects", async () => {
    const answers = routes();
    const setup = await connected(newSession(() => answers));
    const first = { socket: setup.session.socket!, readers: setup.session.readers! };
    answers[`GET ${BASE}/gaps`] = {
      status: 200,
      body: { critical_path: { task_ids: ["t1"], hours: 2 }, gaps: [], cycles: [], unknown_dependencies: [] },
    };
    setup.session.connect("viewer-token");
    expect(first.socket.status).toBe("stopped");
    expect(setup.session.socket).not.toBe(first.socket);
    expect(setup.session.readers).not.toBe(first.readers);
    // The first token's readers drop what they are still sent; the new ones take it.
    await first.readers.gaps.load();
    expect(first.readers.gaps.value?.critical_path.task_ids).toEqual([]);
    await vi.waitFor(() => expect(FakeWebSocket.instances).toHaveLength(2));
    await vi.waitFor(() => expect(setup.session.readers?.gaps.value?.critical_path.task_ids).toEqual(["t1"]));
    for (const path of Object.values(READER_PATHS)) {
      expect(setup.reads(path).filter((r) => r.authorization === "Bearer viewer-token")).toHaveLength(1);
    }
  });

  it("forgets the token and drops the connection on sign-out", async () => {
    const storage = memoryStorage({ [TOKEN_KEY]: "viewer-token" });
    const setup = await connected(
      newSession(() => routes("viewer"), storage),
      "viewer-token",
    );
    setup.session.signOut();
    expect(setup.session.token).toBeNull();
    expect(setup.session.socket).toBeNull();
    expect(setup.session.api).toBeNull();
    expect(setup.session.readers).toBeNull();
    expect(FakeWebSocket.latest().readyState).toBe(FakeWebSocket.CLOSED);
    expect(storage.getItem(TOKEN_KEY)).toBeNull();
  });

  describe("a person signed in through Cloudflare Access, without a token", () => {
    const ada = { by: "ada@example.com", email: "ada@example.com", role: "operator" } as const;
    const asPerson =
      (me: Me, overrides: FakeRoutes = {}) =>
      (token: string | null) =>
        token === null ? routes(me.role, { "GET /api/me": { status: 200, body: me }, ...overrides }) : routes("viewer");

    it("opens the dashboard and the live channel with the Access cookie alone, acting with the person's role", async () => {
      const setup = newSession(asPerson(ada));
      const { session, requests } = setup;
      expect(session.checking).toBe(true);
      await session.connectAsPerson();
      expect(session.checking).toBe(false);
      expect(session.person).toEqual(ada);
      expect(session.token).toBeNull();
      expect(session.opened).toBe(true);
      await vi.waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1));
      await vi.waitFor(() => expect(session.dashboard?.name).toBe("Spring Jam"));
      await vi.waitFor(() => expect(session.role).toBe("operator"));
      expect(session.canAct).toBe(true);
      expect(FakeWebSocket.latest().url).toBe(`wss://pitwall.example${BASE}/live?ticket=ticket-1`);
      const asked = new Set(requests().map((r) => `${r.method} ${r.path}`));
      expect(asked.has(`POST ${BASE}/ticket`)).toBe(true);
      expect(asked.has(`GET ${BASE}/dashboard`)).toBe(true);
      expect(requests().every((r) => r.authorization === null)).toBe(true);
    });

    it("asks for a token, reading nothing else, when the API says nobody is signed in", async () => {
      const nobody = { by: null, email: null, role: null };
      const setup = newSession(asPerson(nobody));
      await setup.session.connectAsPerson();
      await settle();
      expect(setup.session.opened).toBe(false);
      expect(setup.session.checking).toBe(false);
      expect(setup.session.socket).toBeNull();
      expect(setup.requests().map((r) => `${r.method} ${r.path}${r.search}`)).toEqual([`GET /api/me?hackathon=${ID}`]);
    });

    it("says the person is not a member when the API refuses them, and a typed token still opens it", async () => {
      const stranger = { by: "eve@example.com", email: "eve@example.com", role: null };
      const setup = newSession(
        asPerson(stranger, {
          [`GET ${BASE}/dashboard`]: { status: 404, body: { error: { code: "not_found", message: "Not found", issues: [] } } },
        }),
      );
      await setup.session.connectAsPerson();
      await vi.waitFor(() => expect(setup.session.refused).toBe(true));
      expect(setup.session.refusal).toBe(personRefusal("eve@example.com"));

      setup.session.useToken("viewer-token");
      expect(setup.session.person).toBeNull();
      await vi.waitFor(() => expect(setup.session.dashboard).not.toBeNull());
      expect(setup.session.refused).toBe(false);
      expect(setup.requests().at(-1)?.authorization).toBe("Bearer viewer-token");
    });
  });

  describe("role", () => {
    it.each([
      ["viewer", false],
      ["operator", true],
      ["admin", true],
    ] as const)("lets a %s act: %s", async (role, canAct) => {
      const { session } = newSession(() => routes(role));
      session.connect(`${role}-token`);
      await vi.waitFor(() => expect(session.role).toBe(role));
      expect(session.canAct).toBe(canAct);
    });

    it("offers no acting controls while the role is unknown or cannot be read", async () => {
      const setup = newSession(() =>
        routes("operator", { "GET /api/me": { status: 500, body: { error: { code: "internal", message: "boom", issues: [] } } } }),
      );
      setup.session.connect("operator-token");
      expect(setup.session.canAct).toBe(false);
      await vi.waitFor(() => expect(setup.session.dashboard).not.toBeNull());
      await vi.waitFor(() => expect(setup.reads("/api/me")).toHaveLength(1));
      await settle();
      expect(setup.session.role).toBeNull();
      expect(setup.session.canAct).toBe(false);
      expect(setup.session.refused).toBe(false);
    });

    it("forgets the previous token's role on reconnect, and never takes a late answer for it", async () => {
      const meFails: FakeRoutes = { "GET /api/me": { status: 500, body: { error: { code: "internal", message: "boom", issues: [] } } } };
      const setup = newSession((token) => (token === "operator-token" ? routes("operator") : routes("viewer", meFails)));
      setup.session.connect("operator-token");
      await vi.waitFor(() => expect(setup.session.role).toBe("operator"));

      setup.session.connect("viewer-token");
      expect(setup.session.role).toBeNull();
      expect(setup.session.canAct).toBe(false);

      // Both asked at once: the operator token's answer comes back but belongs to a token the page left.
      setup.session.connect("operator-token");
      setup.session.connect("viewer-token");
      await vi.waitFor(() => expect(setup.reads("/api/me")).toHaveLength(4));
      await settle();
      expect(setup.session.role).toBeNull();
      expect(setup.session.canAct).toBe(false);
    });
  });

  describe("refusal", () => {
    it("shows the form again and forgets a link's token the API refuses", async () => {
      const storage = memoryStorage({ [TOKEN_KEY]: "stale-token" });
      const setup = newSession(() => routes("viewer", { [`GET ${BASE}/dashboard`]: unauthorized }), storage);
      setup.session.connect("stale-token");
      await vi.waitFor(() => expect(setup.session.refused).toBe(true));
      expect(setup.session.refusal).toBe(REFUSAL_MESSAGE);
      expect(setup.session.socket?.status).toBe("stopped");
      expect(storage.getItem(TOKEN_KEY)).toBeNull();
    });

    it("keeps a typed token, and says that token was refused when it is", async () => {
      const storage = memoryStorage();
      const setup = newSession(
        (token) =>
          token === "good-token"
            ? routes("viewer")
            : routes("viewer", {
                [`GET ${BASE}/dashboard`]: { status: 404, body: { error: { code: "not_found", message: "Not found", issues: [] } } },
              }),
        storage,
      );
      setup.session.useToken("good-token");
      expect(storage.getItem(TOKEN_KEY)).toBe("good-token");
      await vi.waitFor(() => expect(setup.session.dashboard).not.toBeNull());
      expect(setup.session.refusal).toBeNull();

      setup.session.useToken("wrong-token");
      await vi.waitFor(() => expect(setup.session.refused).toBe(true));
      expect(setup.session.refusal).toBe(REFUSAL_MESSAGE);
      expect(storage.getItem(TOKEN_KEY)).toBeNull();
    });

    it("reports a dashboard that cannot be loaded without refusing the token", async () => {
      const storage = memoryStorage({ [TOKEN_KEY]: "viewer-token" });
      const failing = {
        [`GET ${BASE}/dashboard`]: { status: 500, body: { error: { code: "internal", message: "Try again", issues: [] } } },
      };
      const setup = newSession(() => routes("viewer", failing), storage);
      setup.session.connect("viewer-token");
      await vi.waitFor(() => expect(setup.session.loadError).toBe("Try again"));
      expect(setup.session.refused).toBe(false);
      expect(storage.getItem(TOKEN_KEY)).toBe("viewer-token");
    });

    it("ignores a refusal that arrives for a token the page has since left", async () => {
      const storage = memoryStorage({ [TOKEN_KEY]: "good-token" });
      const setup = newSession(
        (token) => (token === "good-token" ? routes("viewer") : routes("viewer", { [`GET ${BASE}/dashboard`]: unauthorized })),
        storage,
      );
      setup.session.connect("old-token");
      setup.session.connect("good-token");
      await vi.waitFor(() => expect(setup.session.dashboard).not.toBeNull());
      await vi.waitFor(() => expect(setup.reads(`${BASE}/dashboard`)).toHaveLength(2));
      await settle();
      expect(setup.session.refused).toBe(false);
      expect(setup.session.socket?.status).not.toBe("stopped");
      expect(storage.getItem(TOKEN_KEY)).toBe("good-token");
    });

    it("forgets a token the live channel refuses", async () => {
      const storage = memoryStorage({ [TOKEN_KEY]: "viewer-token" });
      const setup = newSession(() => routes("viewer", { [`POST ${BASE}/ticket`]: unauthorized }), storage);
      setup.session.connect("viewer-token");
      await vi.waitFor(() => expect(setup.session.socket?.status).toBe("unauthorized"));
      expect(setup.session.refused).toBe(true);
      expect(setup.session.refusal).toBe(REFUSAL_MESSAGE);
      setup.session.forgetTokenIfRefused();
      expect(storage.getItem(TOKEN_KEY)).toBeNull();
    });

    it("says the same, and forgets the token, when the live channel is closed because the token was rotated", async () => {
      const storage = memoryStorage({ [TOKEN_KEY]: "viewer-token" });
      const setup = await connected(
        newSession(() => routes("viewer"), storage),
        "viewer-token",
      );
      FakeWebSocket.latest().drop(SESSION_END.code, SESSION_END.rotated);
      expect(setup.session.refused).toBe(true);
      expect(setup.session.refusal).toBe(REFUSAL_MESSAGE);
      setup.session.forgetTokenIfRefused();
      expect(storage.getItem(TOKEN_KEY)).toBeNull();
    });

    it("keeps the token while the live channel is not refused", async () => {
      const storage = memoryStorage({ [TOKEN_KEY]: "viewer-token" });
      const setup = await connected(
        newSession(() => routes("viewer"), storage),
        "viewer-token",
      );
      setup.session.forgetTokenIfRefused();
      expect(storage.getItem(TOKEN_KEY)).toBe("viewer-token");
    });
  });

  describe("maintenance clock", () => {
    it("ends a window by the clock and reads the list again when it ends", async () => {
      const endsAt = new Date(Date.now() + 60_000).toISOString();
      const window = makeWindow({ status: "active", starts_at: new Date(Date.now() - 60_000).toISOString(), ends_at: endsAt });
      const setup = await connected(
        newSession(() => routes("viewer", { [`GET ${BASE}/maintenance`]: { status: 200, body: { maintenance: [window] } } })),
      );
      setup.session.socket?.stop();
      expect(setup.session.inMaintenance?.id).toBe(window.id);

      vi.useFakeTimers();
      const disarm = setup.session.watchMaintenanceClock();
      expect(disarm).toBeTypeOf("function");
      await vi.advanceTimersByTimeAsync(60_000);
      expect(setup.reads(READER_PATHS.maintenance)).toHaveLength(1);
      expect(setup.session.inMaintenance?.id).toBe(window.id);
      await vi.advanceTimersByTimeAsync(1_000);
      // The list is read again, and until it answers the window no longer counts: its end has passed.
      expect(setup.session.inMaintenance).toBeNull();
      await vi.waitFor(() => expect(setup.reads(READER_PATHS.maintenance)).toHaveLength(2));
      disarm?.();
    });

    it("arms nothing without a window that starts or ends later, and nothing once disarmed", async () => {
      const answers = routes("viewer");
      const setup = await connected(newSession(() => answers));
      setup.session.socket?.stop();
      const reader = setup.session.readers!.maintenance;
      expect(setup.session.watchMaintenanceClock()).toBeUndefined();

      answers[`GET ${BASE}/maintenance`] = { status: 200, body: { maintenance: [makeWindow({ status: "completed" })] } };
      await reader.load();
      expect(setup.session.watchMaintenanceClock()).toBeUndefined();

      const later = (ms: number) => new Date(Date.now() + ms).toISOString();
      answers[`GET ${BASE}/maintenance`] = {
        status: 200,
        body: { maintenance: [makeWindow({ status: "scheduled", starts_at: later(60_000), ends_at: later(120_000) })] },
      };
      await reader.load();
      expect(setup.session.inMaintenance).toBeNull();
      vi.useFakeTimers();
      const disarm = setup.session.watchMaintenanceClock();
      expect(disarm).toBeTypeOf("function");
      disarm?.();
      await vi.advanceTimersByTimeAsync(300_000);
      expect(setup.reads(READER_PATHS.maintenance)).toHaveLength(3);
    });
  });
});
