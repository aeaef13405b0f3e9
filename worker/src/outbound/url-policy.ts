import { classifyHost, type HostClass } from "./host-rules";

/**
 * Where Pitwall may send requests (docs/contract.md section 1): https to public hosts; loopback hosts
 * (plain http allowed) only when ALLOW_LOOPBACK_OUTBOUND=1, for local runs and tests with
 * fake providers; private, link-local, metadata and reserved addresses never.
 */
export type OutboundPolicy = { allowLoopback: boolean };

/** Why each class of host is refused; none of them repeats the URL, which may carry a key. */
const REFUSALS: Record<Exclude<HostClass, "public" | "loopback">, string> = {
  private: "the host is a private network address",
  "link-local": "the host is a link-local address (where cloud metadata services answer)",
  reserved: "the host is a reserved, multicast or unspecified address",
  "embedded-ipv4": "the host is an IPv6 address that embeds an IPv4 one (mapped, NAT64, 6to4 or Teredo)",
  "internal-name": "the host is an internal name (localhost, *.internal, *.local, metadata or a name without a dot)",
};

export const LOOPBACK_REFUSAL = "the host is a loopback address, allowed only for local runs (ALLOW_LOOPBACK_OUTBOUND=1)";

export type UrlVerdict = { ok: true; url: URL; loopback: boolean } | { ok: false; reason: string };

/** Whether Pitwall may call `raw` under `policy`; the reason never contains the URL. */
export function checkOutboundUrl(raw: string | URL, policy: OutboundPolicy): UrlVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "not a valid URL" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, reason: "must be an https URL" };
  const cls = classifyHost(url.hostname);
  if (cls === "loopback") return policy.allowLoopback ? { ok: true, url, loopback: true } : { ok: false, reason: LOOPBACK_REFUSAL };
  if (cls !== "public") return { ok: false, reason: REFUSALS[cls] };
  if (url.protocol !== "https:") return { ok: false, reason: "must be https (plain http only to loopback hosts in local runs)" };
  return { ok: true, url, loopback: false };
}

/** The reason `raw` is refused, or null. */
export function outboundUrlRefusal(raw: string | URL, policy: OutboundPolicy): string | null {
  const verdict = checkOutboundUrl(raw, policy);
  return verdict.ok ? null : verdict.reason;
}

/** `https://host[:port]` only: what reads show of a URL that may carry a key in its path or query. */
export function originOf(raw: string): string {
  try {
    return new URL(raw).origin;
  } catch {
    return "";
  }
}
