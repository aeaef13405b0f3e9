import type { SourceConfig } from "../../contract";

export type SourceModeConfig = {
  eventTimeoutMs: number;
  pollIntervalMs: number;
  /** Events in a row (each within the timeout of the last) that bring a source back to event mode. */
  steadyEventsToRecover: number;
  /** Consecutive poll failures that open the circuit. */
  failuresToOpen: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  /** Without a poll adapter a silent source has nothing to fall back on (see leaveEventMode). */
  hasPoller: boolean;
  /** Uniform in [0, 1); injected so that tests can pin the jitter. */
  random: () => number;
};

export const HYSTERESIS_DEFAULTS = {
  steadyEventsToRecover: 3,
  failuresToOpen: 5,
  // A first failure is usually transient, so the first retry comes sooner than a regular poll.
  backoffBaseMs: 5_000,
  backoffCapMs: 600_000,
} as const;

/** Builds the machine's config from a source's contract config (seconds) plus optional overrides. */
export function sourceModeConfig(source: SourceConfig, overrides: Partial<SourceModeConfig> = {}): SourceModeConfig {
  const config: SourceModeConfig = {
    ...HYSTERESIS_DEFAULTS,
    eventTimeoutMs: source.event_timeout_s * 1000,
    pollIntervalMs: source.poll_interval_s * 1000,
    hasPoller: source.poll !== null,
    random: Math.random,
    ...overrides,
  };
  if (!Number.isInteger(config.steadyEventsToRecover) || config.steadyEventsToRecover < 2) {
    throw new RangeError("steadyEventsToRecover must be an integer of at least 2, or there is no hysteresis");
  }
  if (!Number.isInteger(config.failuresToOpen) || config.failuresToOpen < 1) {
    throw new RangeError("failuresToOpen must be a positive integer");
  }
  if (config.backoffBaseMs <= 0 || config.backoffCapMs < config.backoffBaseMs) {
    throw new RangeError("backoff needs 0 < backoffBaseMs <= backoffCapMs");
  }
  return config;
}
