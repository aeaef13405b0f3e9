import { exportPKCS8, exportSPKI, generateKeyPair } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { pollGcpBigQuery } from "../../../worker/src/pollers/gcp-bigquery";
import { fakeProvider } from "../../fixtures/fake-providers/client";
import type { BillingRow, GoogleState } from "../../fixtures/fake-providers/google";
import { pollContext, pollError, SINCE } from "./poll-context";

const EMAIL = "pitwall@acme-billing.iam.gserviceaccount.com";
const KID = "0123456789abcdef";
let privatePem = "";
let publicPem = "";
let otherPrivatePem = "";

beforeAll(async () => {
  const pair = await generateKeyPair("RS256", { extractable: true });
  privatePem = await exportPKCS8(pair.privateKey);
  publicPem = await exportSPKI(pair.publicKey);
  otherPrivatePem = await exportPKCS8((await generateKeyPair("RS256", { extractable: true })).privateKey);
});

const at = (minutes: number) => new Date(SINCE + minutes * 60_000).toISOString();

function row(cost: number, credits: number[] = [], extra: Partial<BillingRow> = {}): BillingRow {
  return { project: "hack-app", usageStart: at(30), exportTime: at(120), cost, credits, ...extra };
}

async function billing(rows: BillingRow[], state: Partial<GoogleState> = {}, privateKey = privatePem) {
  const fake = await fakeProvider("google", { clientEmail: EMAIL, kid: KID, publicKeyPem: publicPem, billing: rows, ...state });
  const key = JSON.stringify({
    type: "service_account",
    client_email: EMAIL,
    private_key: privateKey,
    private_key_id: KID,
    token_uri: `${fake.baseUrl}/token`,
  });
  const config = {
    kind: "gcp-bigquery" as const,
    api_base_url: fake.baseUrl,
    project_id: "hack-app",
    billing_project_id: "acme-billing",
    table: "billing.gcp_billing_export_v1_01D4EE_079462_DFD6EC",
    location: "EU",
    service_account_key: key,
  };
  const requests = async () => {
    const all = await fake.requests();
    return { all, tokens: all.filter((r) => r.path === "/token"), queries: all.filter((r) => r.path !== "/token") };
  };
  return { fake, config, key, requests };
}

describe("pollGcpBigQuery", () => {
  it("reports net spend (cost plus negative credits) as a cost total event and the truth", async () => {
    const { config } = await billing([row(10, [-2.5]), row(4.25), row(1, [-0.25, -0.5])]);
    const result = await pollGcpBigQuery(config, pollContext("cost"));
    const dataUntil = Date.parse(at(120));
    expect(result.events).toEqual([{ id: `gcp-bq-${dataUntil}-12`, ts: at(120), type: "cost", total: 12, currency: "USD" }]);
    expect(result.truth).toEqual({ value: 12, dataUntil, breakdown: { cost: 15.25, credits: -3.25 } });
  });

  it("counts only the configured project's usage since the hackathon start", async () => {
    const { config } = await billing([row(10), row(100, [], { project: "other" }), row(1000, [], { usageStart: at(-1) })]);
    const result = await pollGcpBigQuery(config, pollContext("cost"));
    expect(result.truth?.value).toBe(10);
  });

  it("exchanges a signed service-account assertion at token_uri for the bearer it queries with", async () => {
    const { config, requests } = await billing([row(1)]);
    await pollGcpBigQuery(config, pollContext("cost"));
    const { tokens, queries } = await requests();
    expect(tokens).toHaveLength(1);
    expect(tokens[0]?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(new URLSearchParams(tokens[0]?.body).get("grant_type")).toBe("urn:ietf:params:oauth:grant-type:jwt-bearer");
    expect(queries.map((q) => q.headers.authorization)).toEqual(["Bearer ya29.fake-1"]);
  });

  it("sends a standard-SQL, named-parameter jobs.query to the billing project in the dataset's location", async () => {
    const { config, requests } = await billing([row(1)]);
    await pollGcpBigQuery(config, pollContext("cost"));
    const [query] = (await requests()).queries;
    expect(query?.method).toBe("POST");
    expect(query?.path).toBe("/bigquery/v2/projects/acme-billing/queries");
    const body = JSON.parse(query?.body ?? "{}");
    expect(body).toMatchObject({
      useLegacySql: false,
      parameterMode: "NAMED",
      location: "EU",
      queryParameters: [
        { name: "project", parameterType: { type: "STRING" }, parameterValue: { value: "hack-app" } },
        { name: "since", parameterType: { type: "TIMESTAMP" }, parameterValue: { value: "2026-11-27 09:00:00.000+00:00" } },
      ],
    });
    expect(body.query).toContain("FROM `billing.gcp_billing_export_v1_01D4EE_079462_DFD6EC`");
    expect(body.query).toContain("SUM(IFNULL((SELECT SUM(c.amount) FROM UNNEST(credits) c), 0))");
  });

  it("queries the project itself when no billing project is configured", async () => {
    const { config, requests } = await billing([row(1)]);
    await pollGcpBigQuery({ ...config, billing_project_id: undefined }, pollContext("cost"));
    expect((await requests()).queries[0]?.path).toBe("/bigquery/v2/projects/hack-app/queries");
  });

  it("reads BigQuery's string cells, scientific notation included", async () => {
    const { config } = await billing([], { rawRow: ["1.25E1", "-2.5E0", "1764237600000", "USD", "1"] });
    const result = await pollGcpBigQuery(config, pollContext("cost"));
    expect(result.truth).toEqual({ value: 10, dataUntil: 1764237600000, breakdown: { cost: 12.5, credits: -2.5 } });
  });

  it("reads the NULL sums of an empty export as zero spend with unknown freshness", async () => {
    const { config } = await billing([]);
    const ctx = pollContext("cost");
    const result = await pollGcpBigQuery(config, ctx);
    expect(result.truth).toEqual({ value: 0, dataUntil: null, breakdown: { cost: 0, credits: 0 } });
    expect(result.events).toEqual([{ id: "gcp-bq-none-0", ts: new Date(ctx.now).toISOString(), type: "cost", total: 0, currency: "USD" }]);
  });

  it("never reports negative spend when credits exceed cost", async () => {
    const { config } = await billing([row(1, [-1.5])]);
    const result = await pollGcpBigQuery(config, pollContext("cost"));
    expect(result.truth).toMatchObject({ value: 0, breakdown: { cost: 1, credits: -1.5 } });
  });

  it("reuses the cached access token across polls", async () => {
    const { config, requests } = await billing([row(1)]);
    const ctx = pollContext("cost");
    await pollGcpBigQuery(config, ctx);
    await pollGcpBigQuery(config, { ...ctx, now: ctx.now + 30 * 60_000 });
    const { tokens, queries } = await requests();
    expect(tokens).toHaveLength(1);
    expect(queries.map((q) => q.headers.authorization)).toEqual(["Bearer ya29.fake-1", "Bearer ya29.fake-1"]);
  });

  it("fetches a new token once the cached one is within a minute of expiry", async () => {
    const { config, requests } = await billing([row(1)], { expiresIn: 3599 });
    const ctx = pollContext("cost");
    await pollGcpBigQuery(config, ctx);
    await pollGcpBigQuery(config, { ...ctx, now: ctx.now + 3540_000 });
    const { queries } = await requests();
    expect(queries.map((q) => q.headers.authorization)).toEqual(["Bearer ya29.fake-1", "Bearer ya29.fake-2"]);
  });

  it("drops a token BigQuery rejects with 401 and retries once with a fresh one", async () => {
    const { fake, config, requests } = await billing([row(3)]);
    const ctx = pollContext("cost");
    await pollGcpBigQuery(config, ctx);
    await fake.update({ state: { revoked: ["ya29.fake-1"] } });
    const result = await pollGcpBigQuery(config, ctx);
    expect(result.truth?.value).toBe(3);
    const { tokens, queries } = await requests();
    expect(tokens).toHaveLength(2);
    expect(queries.map((q) => q.headers.authorization)).toEqual(["Bearer ya29.fake-1", "Bearer ya29.fake-1", "Bearer ya29.fake-2"]);
  });

  it("fails after one refresh when BigQuery keeps answering 401", async () => {
    const { fake, config, requests } = await billing([row(3)]);
    const error = { code: 401, message: "Request had invalid authentication credentials.", status: "UNAUTHENTICATED" };
    const unauthenticated = { status: 401, path: "/queries", body: { error } };
    await fake.fail(unauthenticated, unauthenticated);
    const err = await pollError(pollGcpBigQuery(config, pollContext("cost")));
    expect(err.message).toBe("BigQuery answered HTTP 401 (credentials refused)");
    expect((await requests()).tokens).toHaveLength(2);
  });

  it("polls jobs.getQueryResults in the job's location while jobComplete is false", async () => {
    const { config, requests } = await billing([row(7)], { pendingPolls: 3 });
    const result = await pollGcpBigQuery(config, pollContext("cost"));
    expect(result.truth?.value).toBe(7);
    const { queries } = await requests();
    expect(queries.map((q) => `${q.method} ${q.url}`)).toEqual([
      "POST /bigquery/v2/projects/acme-billing/queries",
      ...Array(3).fill("GET /bigquery/v2/projects/acme-billing/queries/job_1?timeoutMs=5000&location=EU"),
    ]);
  });

  it("gives up on a job that does not complete within a few rounds", async () => {
    const { config, requests } = await billing([row(7)], { pendingPolls: 100 });
    const err = await pollError(pollGcpBigQuery(config, pollContext("cost")));
    expect(err.message).toBe("the BigQuery job did not complete in time");
    expect((await requests()).queries).toHaveLength(6);
  });
});

describe("pollGcpBigQuery failures", () => {
  it("fails when the token endpoint refuses an assertion signed with another key", async () => {
    const { config, requests } = await billing([row(1)], {}, otherPrivatePem);
    const err = await pollError(pollGcpBigQuery(config, pollContext("cost")));
    expect(err.message).toBe("Google OAuth answered HTTP 400 (request refused)");
    expect((await requests()).queries).toHaveLength(0);
  });

  it("fails on a key that is not JSON or lacks fields, naming fields and never values", async () => {
    const { config } = await billing([row(1)]);
    const notJson = await pollError(pollGcpBigQuery({ ...config, service_account_key: `{${privatePem}` }, pollContext("cost")));
    expect(notJson.message).toBe("service_account_key is not valid JSON");
    const partial = JSON.stringify({ client_email: EMAIL, private_key: privatePem });
    expect((await pollError(pollGcpBigQuery({ ...config, service_account_key: partial }, pollContext("cost")))).message).toBe(
      "service_account_key lacks a valid private_key_id",
    );
  });

  it("fails on a private key that is not PKCS#8", async () => {
    const { config } = await billing([row(1)]);
    const pkcs1 = "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----";
    const key = JSON.stringify({ client_email: EMAIL, private_key: pkcs1, private_key_id: KID });
    const err = await pollError(pollGcpBigQuery({ ...config, service_account_key: key }, pollContext("cost")));
    expect(err.message).toBe("service_account_key's private_key is not a PKCS#8 RSA key");
  });

  it("refuses a table name that could smuggle SQL", async () => {
    const { config } = await billing([row(1)]);
    const err = await pollError(pollGcpBigQuery({ ...config, table: "billing.t` WHERE 1=1 --" }, pollContext("cost")));
    expect(err.message).toBe("table must be dataset.table or project.dataset.table");
  });

  it("fails on malformed JSON and on answers without the documented fields", async () => {
    const { fake, config } = await billing([row(1)]);
    await fake.fail({ status: 200, path: "/queries", body: "{not json" });
    expect((await pollError(pollGcpBigQuery(config, pollContext("cost")))).message).toBe("BigQuery answered 200 with malformed JSON");
    await fake.fail({
      status: 200,
      path: "/queries",
      body: { jobComplete: true, rows: [{ f: [{ v: 12.5 }] }], jobReference: { projectId: "p", jobId: "j" } },
    });
    expect((await pollError(pollGcpBigQuery(config, pollContext("cost")))).message).toBe(
      "BigQuery answered in an unexpected shape (rows.0.f.0.v: Invalid input: expected string, received number)",
    );
  });

  it("fails when the export's currency is not the hackathon's", async () => {
    const { config } = await billing([row(1, [], { currency: "EUR" })]);
    const err = await pollError(pollGcpBigQuery(config, pollContext("cost")));
    expect(err.message).toBe("the billing export is in EUR, the hackathon budget in USD");
  });

  it("never puts the key, the assertion or the access token in an error message", async () => {
    const { fake, config, key } = await billing([row(1)]);
    await pollGcpBigQuery(config, pollContext("cost"));
    const ctx = pollContext("cost");
    // Token cached from a fresh context is gone, so the next poll exchanges again; echo everything back.
    await fake.fail({ status: 400, path: "/token", body: { error: "invalid_grant", error_description: `bad key ${privatePem} ${key}` } });
    const tokenErr = await pollError(pollGcpBigQuery(config, ctx));
    expect(tokenErr.message).toBe("Google OAuth answered HTTP 400 (request refused)");
    await fake.fail({ status: 500, path: "/queries", body: { error: { code: 500, message: "backend saw Bearer ya29.fake-2" } } });
    const queryErr = await pollError(pollGcpBigQuery(config, ctx));
    expect(queryErr.message).toBe("BigQuery answered HTTP 500 (provider error)");
  });
});
