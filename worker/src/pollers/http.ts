import type { z } from "zod";
import { PollError } from "./types";

/** Who we are calling and which strings must never reach an error message. */
export type ProviderCall = {
  provider: string;
  fetch: typeof fetch;
  now: number;
  secrets: readonly (string | undefined)[];
};

const MAX_DETAIL_CHARS = 200;

/** Replaces every configured credential in `text`, since provider errors sometimes echo them. */
export function redact(text: string, secrets: ProviderCall["secrets"]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join("[redacted]");
  }
  return out;
}

/** fetch that turns a network failure or timeout into a PollError. */
export async function send(call: ProviderCall, url: string, init: RequestInit = {}): Promise<Response> {
  // Called unbound: workerd's global fetch throws "Illegal invocation" when called as call.fetch(...).
  const { fetch: fetchFn } = call;
  try {
    return await fetchFn(url, init);
  } catch (err) {
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

/** Throws the PollError for a non-2xx answer, keeping the provider's own message (redacted). */
export async function failFor(call: ProviderCall, res: Response): Promise<never> {
  const detail = await errorDetail(res, call.secrets);
  const suffix = detail ? `: ${detail}` : "";
  const message = `${call.provider} answered ${res.status}${suffix}`;
  const throttled = res.status === 429 || res.status === 403 || res.status === 503;
  throw new PollError(message, throttled ? retryAfterMs(res, call.now) : undefined);
}

async function errorDetail(res: Response, secrets: ProviderCall["secrets"]): Promise<string> {
  const text = await res.text().catch(() => "");
  let detail = text;
  try {
    const body: unknown = JSON.parse(text);
    detail = findMessage(body) ?? text;
  } catch {
    // Not JSON: keep the raw text, shortened below.
  }
  // Redact before touching whitespace: a PEM key only matches with its own line breaks.
  return redact(detail, secrets).replace(/\s+/g, " ").trim().slice(0, MAX_DETAIL_CHARS);
}

/** Providers nest their message differently: {message}, {error:{message}}, {error, error_description}. */
function findMessage(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const b = body as Record<string, unknown>;
  if (typeof b.error_description === "string") return b.error_description;
  if (typeof b.message === "string") return b.message;
  if (typeof b.error === "string") return b.error;
  return findMessage(b.error);
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
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join(".") : "body";
    throw new PollError(`${call.provider} answered in an unexpected shape (${where}: ${issue?.message ?? "invalid"})`);
  }
  return parsed.data;
}
