import { decodeJwt, decodeProtectedHeader, exportPKCS8, exportSPKI, generateKeyPair } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import {
  GOOGLE_TOKEN_URI,
  googleAuthorizedFetch,
  parseServiceAccountKey,
} from "../../../../worker/src/integrations/google/service-account-token";
import { fakeProvider } from "../../../fixtures/fake-providers/client";
import { memoryCache, pollError } from "../../pollers/poll-context";

const EMAIL = "pitwall@acme.iam.gserviceaccount.com";
const KID = "kid-42";
const SCOPE = "https://www.googleapis.com/auth/bigquery";
let privatePem = "";
let publicPem = "";

beforeAll(async () => {
  const pair = await generateKeyPair("RS256", { extractable: true });
  privatePem = await exportPKCS8(pair.privateKey);
  publicPem = await exportSPKI(pair.publicKey);
});

async function google() {
  const fake = await fakeProvider("google", { clientEmail: EMAIL, kid: KID, publicKeyPem: publicPem, billing: [] });
  const key = parseServiceAccountKey(
    JSON.stringify({ client_email: EMAIL, private_key: privatePem, private_key_id: KID, token_uri: `${fake.baseUrl}/token` }),
  );
  return { fake, key };
}

describe("parseServiceAccountKey", () => {
  it("defaults token_uri to Google's token endpoint", () => {
    const key = parseServiceAccountKey(JSON.stringify({ client_email: EMAIL, private_key: "pem", private_key_id: KID }));
    expect(key.token_uri).toBe(GOOGLE_TOKEN_URI);
  });

  it("fails when no key is configured", async () => {
    expect((await pollError(Promise.resolve().then(() => parseServiceAccountKey(undefined)))).message).toBe(
      "service_account_key is not configured",
    );
  });
});

describe("googleAuthorizedFetch", () => {
  it("signs an RS256 assertion with kid, iss, scope, aud = token_uri and a one-hour lifetime", async () => {
    const { fake, key } = await google();
    const now = Date.now();
    const call = { provider: "BigQuery", fetch, now, secrets: [] };
    await googleAuthorizedFetch(call, memoryCache(), key, SCOPE)(`${fake.baseUrl}/bigquery/v2/projects/p/queries/job_1`);
    const [tokenRequest] = await fake.requests();
    const assertion = new URLSearchParams(tokenRequest?.body).get("assertion") ?? "";
    expect(decodeProtectedHeader(assertion)).toEqual({ alg: "RS256", typ: "JWT", kid: KID });
    const iat = Math.floor(now / 1000);
    expect(decodeJwt(assertion)).toEqual({ iss: EMAIL, scope: SCOPE, aud: `${fake.baseUrl}/token`, iat, exp: iat + 3600 });
  });

  it("keeps the token in the cache with its expiry, and never the key", async () => {
    const { fake, key } = await google();
    const cache = memoryCache();
    const now = Date.now();
    await googleAuthorizedFetch({ provider: "BigQuery", fetch, now, secrets: [] }, cache, key, SCOPE)(`${fake.baseUrl}/x`);
    expect(cache.keys()).toEqual([`google-token:${EMAIL}:${SCOPE}`]);
    expect(cache.get(`google-token:${EMAIL}:${SCOPE}`)).toEqual({ token: "ya29.fake-1", expiresAt: now + 3599_000 });
  });

  it("adds the private key and the tokens it uses to the call's secrets", async () => {
    const { fake, key } = await google();
    const call = { provider: "BigQuery", fetch, now: Date.now(), secrets: [] as (string | undefined)[] };
    await googleAuthorizedFetch(call, memoryCache(), key, SCOPE)(`${fake.baseUrl}/x`);
    expect(call.secrets).toContain(privatePem);
    expect(call.secrets).toContain("ya29.fake-1");
  });
});
