import { replaceState } from "$app/navigation";
import { page } from "$app/state";
import { adoptToken, type TokenScope } from "./token-store";

/** Adopts the page's `#token=` fragment (or the stored token) and strips the token from the address bar. */
export function claimToken(scope: TokenScope): string | null {
  const { token, cleanedHash } = adoptToken({ scope, hash: location.hash, storage: localStorage });
  if (cleanedHash !== null) {
    const cleanUrl = location.pathname + location.search + cleanedHash;
    // SvelteKit's replaceState needs a started router, which it is not while the first page mounts.
    setTimeout(() => replaceState(cleanUrl, page.state), 0);
  }
  return token;
}
