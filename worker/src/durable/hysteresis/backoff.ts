import type { SourceModeConfig } from "./config";

type BackoffConfig = Pick<SourceModeConfig, "backoffBaseMs" | "backoffCapMs" | "random">;

/**
 * Delay before the next attempt after `failures` consecutive failures: base × 2^(failures−1),
 * capped, then "equal jitter" — half fixed, half random. The fixed half keeps a floor so a
 * failing provider is never hammered; the random half spreads the retries of many
 * hackathons that failed together against the same provider.
 */
export function backoffDelayMs(failures: number, config: BackoffConfig): number {
  const exponential = config.backoffBaseMs * 2 ** Math.max(0, failures - 1);
  const capped = Math.min(config.backoffCapMs, exponential);
  return Math.floor(capped / 2 + (capped / 2) * config.random());
}
