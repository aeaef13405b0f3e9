const KEY_PREFIX = "pitwall.token.";

/** Where a token is kept: the admin token, or one token (viewer or operator) per hackathon. */
export type TokenScope = { kind: "admin" } | { kind: "hackathon"; id: string };

export const ADMIN_SCOPE: TokenScope = { kind: "admin" };

export function hackathonScope(id: string): TokenScope {
  return { kind: "hackathon", id };
}

function storageKey(scope: TokenScope): string {
  return scope.kind === "admin" ? `${KEY_PREFIX}admin` : `${KEY_PREFIX}hackathon.${scope.id}`;
}

/** Reads `token` from a URL fragment such as `#token=abc&x=1`; null when absent or blank. */
export function readFragmentToken(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, "")).get("token")?.trim();
  return token ? token : null;
}

/** The fragment with its `token` parameter removed ("" when nothing else is left). */
export function fragmentWithoutToken(hash: string): string {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  params.delete("token");
  const rest = params.toString();
  return rest ? `#${rest}` : "";
}

// Storage can throw (disabled cookies, private windows): a token then lasts for the page only.
export function loadToken(storage: Storage, scope: TokenScope): string | null {
  try {
    return storage.getItem(storageKey(scope));
  } catch {
    return null;
  }
}

export function saveToken(storage: Storage, scope: TokenScope, token: string): void {
  try {
    storage.setItem(storageKey(scope), token);
  } catch {
    /* see loadToken */
  }
}

export function forgetToken(storage: Storage, scope: TokenScope): void {
  try {
    storage.removeItem(storageKey(scope));
  } catch {
    /* see loadToken */
  }
}

export interface AdoptedToken {
  token: string | null;
  /** Set when the token came from the fragment: the fragment to leave in the address bar. */
  cleanedHash: string | null;
}

/** Takes a `#token=` fragment into storage (it wins over a stored one), else the stored token. */
export function adoptToken(input: { scope: TokenScope; hash: string; storage: Storage }): AdoptedToken {
  const fromFragment = readFragmentToken(input.hash);
  if (fromFragment) {
    saveToken(input.storage, input.scope, fromFragment);
    return { token: fromFragment, cleanedHash: fragmentWithoutToken(input.hash) };
  }
  return { token: loadToken(input.storage, input.scope), cleanedHash: null };
}
