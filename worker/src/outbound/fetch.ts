import { readBytes } from "../lib/bytes";
import { checkOutboundUrl, type OutboundPolicy } from "./url-policy";

/**
 * The one way Pitwall calls out (pollers, the service-account token exchange, notification
 * receivers, Google's signing keys). Every call is checked against the URL policy at send
 * time too (a stored URL may predate a rule), never follows a redirect (a redirect could lead
 * to an address the policy refuses, and fetch would carry custom headers along), and reads at
 * most `maxBytes` of the answer.
 */

/** A call refused by policy, a redirect, or an answer too large; the message never holds the URL. */
export class OutboundError extends Error {
  override name = "OutboundError";
}

/** Provider answers (usage reports, issue pages, BigQuery rows) stay far below this. */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

export type OutboundOptions = OutboundPolicy & {
  /** Aborts the call, body included, after this long. */
  timeoutMs?: number;
  /** Largest answer read; MAX_RESPONSE_BYTES unless set. */
  maxBytes?: number;
  /** Drop the answer's body unread (a notification receiver's answer is only its status). */
  discardBody?: boolean;
  /** The transport; the global fetch unless a test swaps it. */
  fetch?: typeof fetch;
};

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
// Statuses whose Response may not carry a body.
const NULL_BODY = new Set([204, 205, 304]);

async function readCapped(res: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(res.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel();
    throw new OutboundError(`the answer is larger than ${maxBytes} bytes`);
  }
  if (!res.body) return new Uint8Array();
  const bytes = await readBytes(res.body, maxBytes);
  if (!bytes) throw new OutboundError(`the answer is larger than ${maxBytes} bytes`);
  return bytes;
}

/**
 * fetch under the outbound rules. Answers a Response whose body is already read (and capped),
 * so callers use it as usual; throws OutboundError for a refused URL, a redirect or an
 * oversized answer, and whatever fetch throws for network failures and timeouts.
 */
export async function outboundFetch(input: string | URL, init: RequestInit, options: OutboundOptions): Promise<Response> {
  const verdict = checkOutboundUrl(input, options);
  if (!verdict.ok) throw new OutboundError(`refused to call the URL: ${verdict.reason}`);
  const signal = options.timeoutMs === undefined ? init.signal : AbortSignal.timeout(options.timeoutMs);
  // Called unbound: workerd's global fetch throws "Illegal invocation" when called as a method.
  const fetchFn = options.fetch ?? fetch;
  const res = await fetchFn(verdict.url.href, { ...init, redirect: "manual", signal });
  if (REDIRECTS.has(res.status)) {
    await res.body?.cancel();
    throw new OutboundError(`the answer is a redirect (HTTP ${res.status}), which is never followed`);
  }
  // The body below is the decoded bytes: the wire's length and encoding no longer describe it.
  const headers = new Headers(res.headers);
  headers.delete("content-length");
  headers.delete("content-encoding");
  if (options.discardBody || NULL_BODY.has(res.status)) {
    await res.body?.cancel();
    return new Response(null, { status: res.status, statusText: res.statusText, headers });
  }
  const bytes = await readCapped(res, options.maxBytes ?? MAX_RESPONSE_BYTES);
  return new Response(bytes, { status: res.status, statusText: res.statusText, headers });
}

/** A fetch-shaped function bound to `options`, for code that takes one (poll adapters, jose). */
export function outboundFetcher(options: OutboundOptions): typeof fetch {
  return (input, init) => {
    const url = input instanceof Request ? input.url : input;
    const merged: RequestInit =
      input instanceof Request ? { method: input.method, headers: input.headers, body: input.body, ...init } : { ...init };
    return outboundFetch(url, merged, options);
  };
}
