import type { InboundEvent, PollConfig, SourceName } from "../contract";

/** The provider's own figure for a source's headline number, for reconciliation. */
export type ProviderTruth = {
  /** cost: spend to date; tokens: tokens to date; tasks: completed weight. */
  value: number;
  /** The newest moment the provider's data covers (providers lag); null when unknown. */
  dataUntil: number | null;
  /** Figures behind the value, kept as evidence in the RCA log (per model, per service...). */
  breakdown?: Record<string, number>;
};

/** What one poll learned. */
export type PollResult = {
  /** Events in Pitwall's schema, with ids derived from the provider's data so a repeat is a duplicate. */
  events: InboundEvent[];
  truth: ProviderTruth | null;
};

/** Small values an adapter keeps between polls (ETags, OAuth tokens), persisted by the object. */
export type PollCache = {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
};

export type PollContext = {
  source: SourceName;
  now: number;
  /** The hackathon's starts_at: polls cover the hackathon from here. */
  since: number;
  currency: string;
  /** fetch with the per-call timeout already applied. */
  fetch: typeof fetch;
  cache: PollCache;
};

export type PollAdapter<Config extends PollConfig = PollConfig> = (config: Config, ctx: PollContext) => Promise<PollResult>;
