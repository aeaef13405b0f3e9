import type { SourceName } from "../../../worker/src/contract";
import type { PollCache, PollContext } from "../../../worker/src/pollers/types";
import { PollError } from "../../../worker/src/outbound/provider-call";

export const SINCE = Date.parse("2026-11-27T09:00:00Z");

/** An in-memory PollCache that round-trips through JSON, as the object's storage would. */
export function memoryCache(): PollCache & { keys(): string[] } {
  const values = new Map<string, string>();
  return {
    get: <T>(key: string) => (values.has(key) ? (JSON.parse(values.get(key)!) as T) : undefined),
    set: (key, value) => void values.set(key, JSON.stringify(value)),
    keys: () => [...values.keys()],
  };
}

/** A poll context on the real clock (fake token endpoints check `exp` against it), sharing `cache` across polls. */
export function pollContext(source: SourceName, overrides: Partial<PollContext> = {}): PollContext {
  return { source, now: Date.now(), since: SINCE, currency: "USD", fetch: (...args) => fetch(...args), cache: memoryCache(), ...overrides };
}

/** The PollError a promise rejects with (fails the test if it resolves or throws something else). */
export async function pollError(promise: Promise<unknown>): Promise<PollError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof PollError)) throw new Error(`expected a PollError, got ${String(err)}`);
  return err;
}
