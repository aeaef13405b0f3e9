import type { z } from "zod";
import { OutboundError } from "./fetch";

/**
 * Calling a provider (usage APIs, GitHub, Google's token exchange and BigQuery) over
 * outboundFetch: every failure becomes a PollError in fixed words, with the configured
 * credentials redacted, because failure reasons reach viewers through the RCA log.
 */

/** A failed poll. `retryAfterMs` carries a provider's own back-off request (429, rate-limit reset). */
export class PollError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** Who we are calling and which strings must never reach an error message. */
export type ProviderCall = {
  provider: string;
  fetch: typeof fetch;
  now: number;
  secrets: readonly (string | undefined)[];
};

/** Replaces every configured credential in `text`, since provider errors sometimes echo them. */
export function redact(text: string, secrets: ProviderCall["secrets"]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join("[redacted]");
  }
  return out;
}

/** fetch that turns a network failure, timeout or outbound refusal into a PollError. */
export async function send(call: ProviderCall, url: string, init: RequestInit = {}): Promise<Response> {
  // Called unbound: workerd's global fetch throws "Illegal invocation" when called as call.fetch(...).
  const { fetch: fetchFn } = call;
  try {
    return await fetchFn(url, init);
  } catch (err) {
    // A refused URL, a redirect or an oversized answer: our own words, never the provider's.
    if (err instanceof OutboundError) throw new PollError(`${call.provider}: ${err.message}`);
    const reason = err instanceof Error ? `${err.name}: ${err.message}` : "unknown error";
    throw new PollError(`${call.provider} could not be reached (${redact(reason, call.secrets)})`);
  }
}

/** The delay a `retry-after` header asks for (seconds or an HTTP date), in ms. */
export function retryAfterMs(res: Response, now: number): number | undefined {
  const header = res.headers.get("retry-after");
  if (header === null) return undefined;
  const seconds = Number(header);
  if (header.trim() !== "" && Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** What a status means, in fixed words: the provider's own text never reaches a failure reason. */
function describeStatus(status: number): string {
  if (status === 401) return "credentials refused";
  if (status === 403) return "forbidden or rate limited";
  if (status === 404) return "not found";
  if (status === 429) return "rate limited";
  if (status >= 500) return "provider error";
  return "request refused";
}

/**
 * Throws the PollError for a non-2xx answer. The reason is the status and a fixed
 * description only: failure reasons reach viewers (the RCA log's mode changes), and a
 * provider's error text can echo anything, a custom endpoint's included.
 */
export async function failFor(call: ProviderCall, res: Response): Promise<never> {
  await res.body?.cancel();
  const message = `${call.provider} answered HTTP ${res.status} (${describeStatus(res.status)})`;
  const throttled = res.status === 429 || res.status === 403 || res.status === 503;
  throw new PollError(message, throttled ? retryAfterMs(res, call.now) : undefined);
}

/** Reads a 2xx body as JSON and checks it against the provider's documented shape. */
export async function readJson<S extends z.ZodType>(call: ProviderCall, res: Response, schema: S): Promise<z.infer<S>> {
  if (!res.ok) return failFor(call, res);
  let body: unknown;
  try {
    body = JSON.parse(await res.text());
  } catch {
    throw new PollError(`${call.provider} answered ${res.status} with malformed JSON`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new PollError(`${call.provider} answered in an unexpected shape (${shapeProblem(parsed.error.issues[0])})`);
  return parsed.data;
}

type Issue = { code: string; path: readonly PropertyKey[]; message: string };

/**
 * Where and how an answer missed its schema, without the provider's text: path segments
 * that are not plain field names (record keys can be anything) are elided, and an
 * unrecognized-keys message, which quotes the keys, is replaced by its code.
 */
export function shapeProblem(issue: Issue | undefined): string {
  if (!issue) return "body: invalid";
  const path = issue.path.map((p) =>
    typeof p === "number" || (typeof p === "string" && /^[A-Za-z_][\w]{0,40}$/.test(p)) ? String(p) : "…",
  );
  const where = path.length > 0 ? path.join(".") : "body";
  const what = issue.code === "unrecognized_keys" ? "unrecognized keys" : issue.message;
  return `${where}: ${what}`;
}
