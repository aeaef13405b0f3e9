import type { ErrorBody } from "../contract";
import { AppError } from "../errors";

/**
 * What a Durable Object method returns across RPC: class identity does not survive the
 * hop, so refusals travel as plain data and the Worker turns them back into AppErrors.
 */
export type Outcome<T> =
  | { ok: true; value: T }
  | { ok: false; status: AppError["status"]; body: ErrorBody /** e.g. a 429's Retry-After */; headers?: Record<string, string> };

export async function attempt<T>(work: () => T | Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof AppError) {
      const headers = Object.keys(error.headers).length > 0 ? { headers: error.headers } : {};
      return { ok: false, status: error.status, body: error.toBody(), ...headers };
    }
    throw error;
  }
}

export function unwrap<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  const { code, message, issues } = outcome.body.error;
  throw new AppError(outcome.status, code, message, issues, outcome.headers);
}

/** A refusal as the HTTP answer the object gives itself (the live and SSE upgrades answer directly, not over RPC). */
export function refusalResponse(outcome: Extract<Outcome<unknown>, { ok: false }>): Response {
  return Response.json(outcome.body, { status: outcome.status, headers: outcome.headers });
}
