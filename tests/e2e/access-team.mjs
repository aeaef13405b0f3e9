// A stand-in for a Cloudflare Access team in the browser checks: a local server publishing the
// team's signing key as Access does (/cdn-cgi/access/certs), and Access application tokens
// signed with it. The Worker is started with ACCESS_* pointing here (scripts/lib/wrangler-dev.mjs).
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { exportJWK, generateKeyPair, SignJWT } from "jose";

const KID = "e2e-access-key";
export const TEAM_DOMAIN = "pitwall-e2e.cloudflareaccess.com";
/** Listed in ACCESS_ADMIN_EMAILS: signed in, this person is the admin. */
export const ORGANISER = "organiser@e2e.test";

/** @returns {Promise<{ env: Record<string, string>, sign(email: string, lifetimeSeconds?: number): Promise<string>, stop(): Promise<void> }>} */
export async function startAccessTeam() {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const certs = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: KID, alg: "RS256", use: "sig" }] });
  const server = createServer((request, response) => {
    const found = request.url === "/cdn-cgi/access/certs";
    response.writeHead(found ? 200 : 404, { "content-type": "application/json" });
    response.end(found ? certs : "{}");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  const audience = randomUUID().replaceAll("-", "");
  return {
    env: {
      ACCESS_TEAM_DOMAIN: TEAM_DOMAIN,
      ACCESS_AUD: audience,
      ACCESS_JWKS_URL: `http://127.0.0.1:${port}/cdn-cgi/access/certs`,
      ACCESS_ADMIN_EMAILS: ORGANISER,
    },
    /** An Access application token for `email`, as Access signs it, valid for an hour unless told. */
    sign: (email, lifetimeSeconds = 3600) =>
      new SignJWT({ email, type: "app" })
        .setProtectedHeader({ alg: "RS256", kid: KID })
        .setIssuer(`https://${TEAM_DOMAIN}`)
        .setAudience([audience])
        .setSubject(randomUUID())
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + lifetimeSeconds)
        .sign(privateKey),
    stop: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}
