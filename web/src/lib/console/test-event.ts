import type { DashboardState } from "$contract";

/** The metric the API's test event reports (docs/API.md, `POST /test-event`). */
export const TEST_METRIC = "pitwall.test";

/**
 * When the dashboard shows a test event sent at `sentAt` (ms): the `pitwall.test` metric stamped
 * at or after it, less a minute of clock difference between this browser and the server.
 */
export function testEventArrival(state: Pick<DashboardState, "metrics">, sentAt: number): string | null {
  const metric = state.metrics[TEST_METRIC];
  return metric && Date.parse(metric.ts) >= sentAt - 60_000 ? metric.ts : null;
}

export interface WaitOptions {
  attempts: number;
  delayMs: number;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Reads the dashboard until the test event shows (a 2xx from the API means the next read has it,
 * so the first read usually does); null when it never did within the attempts.
 */
export async function waitForTestEvent(
  read: () => Promise<Pick<DashboardState, "metrics">>,
  sentAt: number,
  { attempts, delayMs, sleep = realSleep }: WaitOptions,
): Promise<string | null> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) await sleep(delayMs);
    const arrived = testEventArrival(await read(), sentAt);
    if (arrived) return arrived;
  }
  return null;
}
