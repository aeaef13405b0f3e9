import { createRemoteJWKSet, customFetch } from "jose";
import { outboundFetcher } from "./fetch";
import type { OutboundPolicy } from "./url-policy";

/** A provider's signing key set (Google's, an Access team's) is a few KB; more is not a key set. */
const MAX_JWKS_BYTES = 64 * 1024;

/** One key set per URL for the isolate's life: jose caches the keys and refetches on an unknown `kid` (keys rotate). */
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

/**
 * The JWKS a token is verified against, fetched through the outbound rules like every other call
 * (checked URL, no redirect, capped answer). The cache key carries the loopback flag, so a key set
 * fetched under ALLOW_LOOPBACK_OUTBOUND=1 is never reused without it.
 */
export function remoteKeySet(url: string, outbound: OutboundPolicy) {
  const cacheKey = `${outbound.allowLoopback ? "loopback" : "public"} ${url}`;
  let keySet = keySets.get(cacheKey);
  if (!keySet) {
    keySet = createRemoteJWKSet(new URL(url), {
      timeoutDuration: 5_000,
      [customFetch]: outboundFetcher({ ...outbound, maxBytes: MAX_JWKS_BYTES }),
    });
    keySets.set(cacheKey, keySet);
  }
  return keySet;
}
