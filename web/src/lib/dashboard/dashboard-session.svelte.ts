import {
  type DashboardState,
  type GapsResponse,
  type Hackathon,
  type LiveMessage,
  type MaintenanceWindow,
  type Me,
  roleAtLeast,
} from "$contract";
import { type ChannelAccess, readChannelAccess } from "$lib/api/channels";
import { type ApiClient, ApiError } from "$lib/api/client";
import { getGaps, getHackathon } from "$lib/api/gaps";
import { getDashboard } from "$lib/api/hackathons";
import { listMaintenance } from "$lib/api/maintenance";
import { getMe } from "$lib/api/me";
import { getRca, type RcaAnswer } from "$lib/api/rca";
import { Refreshed } from "$lib/api/refreshed.svelte";
import { forgetToken, hackathonScope, saveToken, type TokenScope } from "$lib/auth/token-store";
import { apiWithToken, type MakeApi, signedInPerson } from "$lib/auth/who-acts";
import { type ChartRange, DEFAULT_RANGE, historyWindow } from "$lib/charts/time-range";
import { HackathonSocket, type HackathonSocketOptions } from "$lib/live/hackathon-socket.svelte";
import { DashboardSeries } from "./dashboard-series.svelte";
import { activeWindow, nextMaintenanceChange } from "./maintenance-state";
import { chartedMetricNames, MetricSeries } from "./metric-series.svelte";
import { staleSources } from "./staleness";

/** What the dashboard reads over HTTP beside the socket: read on connect, and again when a live kind says so. */
export interface Readers {
  rca: Refreshed<RcaAnswer>;
  gaps: Refreshed<GapsResponse>;
  /** Admin only: any other token reads `managed: false`. */
  channels: Refreshed<ChannelAccess>;
  maintenance: Refreshed<MaintenanceWindow[]>;
}
export type ReaderName = keyof Readers;

const READERS = ["rca", "gaps", "channels", "maintenance"] as const satisfies readonly ReaderName[];

/**
 * Why a link or token opens nothing. The API answers an unknown id and a wrong or rotated token
 * alike, to tell strangers nothing, so the page can only name both.
 */
export const REFUSAL_MESSAGE = "No hackathon here, or this token does not open it: it may have been rotated.";

/** The same for a person signed in through Access: only the hackathon's members (or an admin) may open it. */
export const personRefusal = (email: string) => `No hackathon here, or ${email} is not a member of it.`;

/**
 * What each live kind can change that the socket does not carry. The RCA log explains health
 * changes; the critical path follows the task board; channel statuses and maintenance windows
 * change when alerts do. A snapshot after the first follows a reconnect, possibly after a gap,
 * so everything is read again (the first follows connect, which has just read everything).
 */
export const REFRESHED_BY: Readonly<Record<LiveMessage["type"], readonly ReaderName[]>> = {
  snapshot: READERS,
  health: ["rca"],
  tasks: ["gaps"],
  alert: ["maintenance", "channels"],
  cost: [],
  tokens: [],
  metric: [],
  incident: [],
  anomaly: [],
  provider_budget: [],
  outlook: [],
};

export interface DashboardSessionOptions {
  id: string;
  /** Origin the live socket connects to, e.g. location.origin. */
  origin: string;
  /** Where tokens are kept: localStorage in the browser. */
  storage: Storage;
  makeApi?: MakeApi;
  /** The live socket; tests pass one over a fake WebSocket. */
  makeSocket?: (options: HackathonSocketOptions) => HackathonSocket;
  /** How long the readers let a burst of deltas settle before reading again. */
  refreshDebounceMs?: number;
}

function makeReaders(api: ApiClient, id: string, me: Promise<Me>, debounceMs: number | undefined): Readers {
  return {
    rca: new Refreshed(() => getRca(api, id), debounceMs),
    gaps: new Refreshed(() => getGaps(api, id), debounceMs),
    channels: new Refreshed(() => readChannelsAs(api, id, me), debounceMs),
    maintenance: new Refreshed(() => listMaintenance(api, id), debounceMs),
  };
}

/**
 * Asks for the channels only when the token's role may read them (the admin's alone: their receiver
 * URLs are credentials), so a viewer's page never sends a request bound to be refused (the browser
 * logs each one). Without a role the answer decides.
 */
async function readChannelsAs(api: ApiClient, id: string, me: Promise<Me>): Promise<ChannelAccess> {
  const role = await me.then(
    (answer) => answer.role,
    () => undefined,
  );
  return role === undefined || role === "admin" ? readChannelAccess(api, id) : { managed: false };
}

function refresh(readers: Readers, name: ReaderName): void {
  // A token that may not read the channels will not be let in later: no point asking again.
  if (name === "channels" && readers.channels.value?.managed === false) return;
  readers[name].refresh();
}

/**
 * One hackathon dashboard's connection: token (or, without one, the person signed in through
 * Cloudflare Access), live socket, chart history and the panels read beside it.
 */
export class DashboardSession {
  token = $state<string | null>(null);
  /** The signed-in person the page acts as while it has no token. */
  person = $state.raw<Me | null>(null);
  /** Until the page knows what it opens with, it shows neither the token form nor the dashboard. */
  checking = $state(true);
  socket = $state.raw<HackathonSocket | null>(null);
  api = $state.raw<ApiClient | null>(null);
  series = $state.raw(new DashboardSeries());
  metricSeries = $state.raw(new MetricSeries());
  readers = $state.raw<Readers | null>(null);
  /** Only the alert thresholds are needed from the configuration; without them the charts leave those lines out. */
  thresholds = $state.raw<Hackathon["thresholds"] | null>(null);
  /** The token's role: until it is known (or if asking fails) the page offers no acting controls. */
  role = $state<Me["role"]>(null);
  range = $state<ChartRange>(DEFAULT_RANGE);
  loadError = $state<string | null>(null);
  /** The clock maintenance windows are judged by; moved on when a window starts or ends. */
  maintenanceNow = $state(Date.now());
  #refusedByApi = $state(false);

  dashboard = $derived(this.socket?.state ?? null);
  refused = $derived(this.#refusedByApi || this.socket?.status === "unauthorized");
  stale = $derived(this.dashboard ? staleSources(this.dashboard, this.socket?.status === "open") : null);
  inMaintenance = $derived(activeWindow(this.readers?.maintenance.value ?? [], this.maintenanceNow));
  /** Acknowledging, resolving and maintenance take an operator (or the admin); a viewer only watches. */
  canAct = $derived(roleAtLeast(this.role, "operator"));

  #reloadHistory: ((state: DashboardState) => void) | null = null;
  readonly #options: DashboardSessionOptions;
  readonly #scope: TokenScope;
  readonly #makeApi: MakeApi;

  constructor(options: DashboardSessionOptions) {
    this.#options = options;
    this.#scope = hackathonScope(options.id);
    this.#makeApi = options.makeApi ?? apiWithToken;
  }

  /** Whether the page has something to open the dashboard with: a token, or a signed-in person. */
  get opened(): boolean {
    return this.token !== null || this.person !== null;
  }

  /** Why the token form is back: null while no token (or person) was refused. */
  get refusal(): string | null {
    if (!this.refused) return null;
    return this.token === null && this.person?.email ? personRefusal(this.person.email) : REFUSAL_MESSAGE;
  }

  /**
   * For a page without a token: asks the API, without one, whether a person is signed in through
   * Access, and opens the dashboard as them if so (their cookie goes with every request); otherwise
   * the page asks for a token.
   */
  async connectAsPerson(): Promise<void> {
    this.checking = true;
    const person = await signedInPerson(this.#makeApi, this.#options.id);
    this.checking = false;
    // A token typed in meanwhile wins.
    if (this.token !== null || person === null) return;
    this.#open({ token: null, person });
  }

  /** Opens the dashboard with `token`, dropping whatever an earlier token had opened. */
  connect(token: string): void {
    this.#open({ token, person: null });
  }

  #open({ token, person }: { token: string; person: null } | { token: null; person: Me }): void {
    const { id, origin, makeSocket = (o) => new HackathonSocket(o) } = this.#options;
    this.socket?.stop();
    this.checking = false;
    this.token = token;
    this.person = person;
    this.#refusedByApi = false;
    this.loadError = null;
    const series = new DashboardSeries();
    const metricSeries = new MetricSeries();
    this.series = series;
    this.metricSeries = metricSeries;
    const api = this.#makeApi(token);
    this.api = api;
    this.#stopReaders();
    this.role = null;
    // An answer for a token the page has since left never lands.
    const current = () => this.api === api;
    const me = getMe(api, id);
    me.then(
      (me) => {
        if (current()) this.role = me.role;
      },
      () => {},
    );
    getHackathon(api, id).then(
      (hackathon) => {
        if (current()) this.thresholds = hackathon.thresholds;
      },
      () => {},
    );
    const readers = makeReaders(api, id, me, this.#options.refreshDebounceMs);
    this.readers = readers;
    this.maintenanceNow = Date.now();

    let historyRequested = false;
    let snapshots = 0;
    const loadHistory = (state: DashboardState) => {
      historyRequested = true;
      const window = historyWindow(this.range, state.starts_at);
      void series.loadHistory(api, id, window);
      void metricSeries.loadHistory(api, id, window, chartedMetricNames(state.metrics));
    };
    this.#reloadHistory = loadHistory;
    const onMessage = (message: LiveMessage, next: DashboardState) => {
      series.addLive(message, next);
      metricSeries.addLive(message, next);
      if (message.type === "snapshot") snapshots += 1;
      const reconnected = message.type === "snapshot" && snapshots > 1;
      if (message.type !== "snapshot" || reconnected) for (const name of REFRESHED_BY[message.type]) refresh(readers, name);
      // After a reconnect the charts may have missed points: refill them from history.
      if (!historyRequested || reconnected) loadHistory(next);
      else if (message.type === "metric" || message.type === "snapshot") {
        // A metric seen for the first time gets its chart: load what it reported before.
        const window = historyWindow(this.range, next.starts_at);
        void metricSeries.loadHistory(api, id, window, metricSeries.unrequested(chartedMetricNames(next.metrics)));
      }
    };
    const live = makeSocket({ id, api, origin, onMessage });
    this.socket = live;
    getDashboard(api, id).then(
      (initial) => {
        live.seed(initial);
        if (!historyRequested) loadHistory(initial);
      },
      (error: unknown) => {
        if (!current()) return;
        if (error instanceof ApiError && error.isAuthFailure) this.#refuse();
        else this.loadError = error instanceof Error ? error.message : String(error);
      },
    );
    live.start();
    for (const name of READERS) void readers[name].load();
  }

  /** A token typed into the form: kept for this hackathon, then opened. */
  useToken(token: string): void {
    saveToken(this.#options.storage, this.#scope, token);
    this.connect(token);
  }

  /** Shows the charts over another range: their history is read again. */
  changeRange(next: ChartRange): void {
    this.range = next;
    if (this.dashboard) this.#reloadHistory?.(this.dashboard);
  }

  /** The page left: nothing reads or listens any more. */
  stop(): void {
    this.#stopReaders();
    this.socket?.stop();
  }

  /** Forgets the token and goes back to the token form. */
  signOut(): void {
    this.stop();
    this.socket = null;
    this.api = null;
    forgetToken(this.#options.storage, this.#scope);
    this.token = null;
    this.person = null;
  }

  /** Run in an effect: a token the live channel refused is not kept for next time. */
  forgetTokenIfRefused(): void {
    if (this.socket?.status === "unauthorized") forgetToken(this.#options.storage, this.#scope);
  }

  /**
   * Run in an effect, returning its cleanup: a window starts or ends by the clock, with no delta
   * to say so, so the list is read again then (and re-armed whenever the list changes).
   */
  watchMaintenanceClock(): (() => void) | undefined {
    const reader = this.readers?.maintenance;
    const windows = reader?.value;
    if (!reader || !windows) return;
    const next = nextMaintenanceChange(windows, Date.now());
    if (next === null) return;
    // setTimeout cannot wait longer than ~24.8 days; a later change is caught by a later read.
    const delay = Math.min(next - Date.now() + 1000, 2 ** 31 - 1);
    const timer = setTimeout(() => {
      this.maintenanceNow = Date.now();
      void reader.load();
    }, delay);
    return () => clearTimeout(timer);
  }

  #refuse(): void {
    this.socket?.stop();
    forgetToken(this.#options.storage, this.#scope);
    this.#refusedByApi = true;
  }

  #stopReaders(): void {
    if (!this.readers) return;
    for (const name of READERS) this.readers[name].stop();
    this.readers = null;
  }
}
