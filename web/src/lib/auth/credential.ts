import { type Me, roleAtLeast, roleRank } from "$contract";
import { ADMIN_SCOPE, hackathonScope, loadToken, saveToken } from "./token-store";

/**
 * One way this browser can act: a stored token, or none, when a person signed in through
 * Cloudflare Access acts by the cookie the browser sends with every request.
 */
export interface Credential {
  token: string | null;
  source: "admin token" | "hackathon token" | "sign-in";
}

/** A credential and who the API says it is. */
export interface Chosen {
  credential: Credential;
  me: Me;
}

const SIGN_IN: Credential = { token: null, source: "sign-in" };

/**
 * The credentials stored in this browser, in the order the dashboard itself tries them: the
 * hackathon's own token (a wall screen's link), the admin token, then the signed-in person.
 */
export function storedCredentials(storage: Storage, hackathonId?: string): Credential[] {
  const own = hackathonId === undefined ? null : loadToken(storage, hackathonScope(hackathonId));
  const admin = loadToken(storage, ADMIN_SCOPE);
  return [
    ...(own ? [{ token: own, source: "hackathon token" } as const] : []),
    ...(admin ? [{ token: admin, source: "admin token" } as const] : []),
    SIGN_IN,
  ];
}

/**
 * Asks the API who each credential is and picks one: `first`, the first that reads anything (what
 * the dashboard acts as); `highest`, the one with the most rights (what the console acts as, so a
 * wall screen's viewer token does not hide the admin's). Null when none opens anything.
 */
export async function chooseCredential(
  candidates: readonly Credential[],
  askMe: (credential: Credential) => Promise<Me>,
  pick: "first" | "highest",
): Promise<Chosen | null> {
  const answers = await Promise.all(candidates.map(async (credential) => ({ credential, me: await askMe(credential).catch(() => null) })));
  // An ingest token reads nothing, so it opens no page.
  const opening = answers.filter((answer): answer is Chosen => answer.me !== null && roleAtLeast(answer.me.role, "viewer"));
  if (pick === "first") return opening[0] ?? null;
  return opening.reduce<Chosen | null>((best, next) => (best && roleRank(best.me.role) >= roleRank(next.me.role) ? best : next), null);
}

/** Said on the window when a page keeps a token, so the header asks who is signed in now rather than on its next look. */
export const CREDENTIALS_CHANGED = "pitwall:credentials-changed";

/** Keeps a token typed into the console where the pages look for it: the admin's, or the hackathon's own. */
export function rememberToken(storage: Storage, token: string, me: Me, hackathonId?: string): void {
  if (me.role === "admin") saveToken(storage, ADMIN_SCOPE, token);
  else if (hackathonId !== undefined) saveToken(storage, hackathonScope(hackathonId), token);
}

/** How the header names who is acting: the person's email, else the token's kind ("admin token"). */
export function signedInLabel(chosen: Chosen): string {
  return chosen.me.email ?? chosen.me.by ?? chosen.credential.source;
}
