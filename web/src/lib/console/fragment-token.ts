import { replaceState } from "$app/navigation";
import { page } from "$app/state";
import { fragmentWithoutToken, readFragmentToken } from "$lib/auth/token-store";

/**
 * Takes a `#token=` from the address bar (and removes it from there) without storing it: the console
 * keeps a token only once the API says what it is (the admin's, or the hackathon's own).
 */
export function takeFragmentToken(): string | null {
  const token = readFragmentToken(location.hash);
  if (token === null) return null;
  const cleanUrl = location.pathname + location.search + fragmentWithoutToken(location.hash);
  // SvelteKit's replaceState needs a started router, which it is not while the first page mounts.
  setTimeout(() => replaceState(cleanUrl, page.state), 0);
  return token;
}
