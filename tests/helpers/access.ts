import { env } from "cloudflare:workers";
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWTPayload } from "jose";
import app from "../../worker/src/index";
import { fakeProvider } from "../fixtures/fake-providers/client";
import { BASE_URL } from "./api";

/** The team every test's Access tokens come from; the audience tag is each test's own. */
export const TEAM_DOMAIN = "pitwall-test.cloudflareaccess.com";
export const ISSUER = `https://${TEAM_DOMAIN}`;
const KID = "access-test-key";

type SignOptions = {
  audience?: string;
  issuer?: string;
  /** Epoch seconds. */
  expiresAt?: number;
  key?: CryptoKey;
  kid?: string;
  claims?: JWTPayload;
};

type CallOptions = {
  method?: string;
  /** The Access JWT, and how it travels: Access's header (default) or the browser's cookie. */
  jwt?: string;
  via?: "header" | "cookie" | "both";
  token?: string;
  json?: unknown;
  headers?: Record<string, string>;
};

export type AccessTeam = {
  /** The Worker's own env with Access configured for this team (tests call the app with it). */
  env: Env;
  audience: string;
  /** An Access application token for `email`, as Access signs it (RS256, the team's key, `aud` a list). */
  sign(email: string | null, options?: SignOptions): Promise<string>;
  /** A key the team never published. */
  otherKey(): Promise<CryptoKey>;
  /** A request through the real Worker app, with this env. */
  call(path: string, options?: CallOptions): Promise<Response>;
};

const rsaKey = () => generateKeyPair("RS256", { extractable: true, modulusLength: 2048 });

/**
 * A stand-in for a Cloudflare Access team: a fresh RSA key whose public half a fake serves as the
 * team's certs, a fresh audience tag, and the Worker called with ACCESS_* pointing at them.
 * SELF keeps the suite's env (Access off), so every other test sees tokens only.
 */
export async function accessTeam(adminEmails: string[] = []): Promise<AccessTeam> {
  const { privateKey, publicKey } = await rsaKey();
  const scenario = await fakeProvider("access", { keys: [{ ...(await exportJWK(publicKey)), kid: KID, alg: "RS256", use: "sig" }] });
  const audience = crypto.randomUUID().replaceAll("-", "").repeat(2);
  const accessEnv: Env = {
    ...env,
    ACCESS_TEAM_DOMAIN: TEAM_DOMAIN,
    ACCESS_AUD: audience,
    ACCESS_JWKS_URL: `${scenario.baseUrl}/cdn-cgi/access/certs`,
    ACCESS_ADMIN_EMAILS: adminEmails.join(","),
  };
  return {
    env: accessEnv,
    audience,
    async sign(email, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      const claims: JWTPayload = { type: "app", identity_nonce: "nonce", country: "FR", ...(email ? { email } : {}), ...options.claims };
      return new SignJWT(claims)
        .setProtectedHeader({ alg: "RS256", kid: options.kid ?? KID })
        .setIssuer(options.issuer ?? ISSUER)
        .setAudience([options.audience ?? audience])
        .setSubject(crypto.randomUUID())
        .setIssuedAt(now)
        .setNotBefore(now)
        .setExpirationTime(options.expiresAt ?? now + 3600)
        .sign(options.key ?? privateKey);
    },
    otherKey: async () => (await rsaKey()).privateKey,
    async call(path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      const via = options.via ?? "header";
      if (options.jwt && via !== "cookie") headers["cf-access-jwt-assertion"] = options.jwt;
      if (options.jwt && via !== "header") headers.cookie = `CF_Authorization=${options.jwt}`;
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      let body: string | undefined;
      if (options.json !== undefined) {
        body = JSON.stringify(options.json);
        headers["content-type"] ??= "application/json";
      }
      return app.request(`${BASE_URL}${path}`, { method: options.method ?? "GET", headers, body }, accessEnv);
    },
  };
}

const base64url = (value: unknown) => btoa(JSON.stringify(value)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");

/** An unsigned token (`alg: none`) claiming `claims`: what a forger sends. */
export function unsignedToken(claims: JWTPayload): string {
  return `${base64url({ alg: "none", typ: "JWT" })}.${base64url(claims)}.`;
}

/** A token signed with HS256 under a shared secret of the forger's choosing. */
export function hs256Token(claims: JWTPayload): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode("a secret anyone could pick"));
}
