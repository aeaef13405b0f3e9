import { z } from "zod";
import { PollError, readJson, type ProviderCall } from "../../outbound/provider-call";
import type { GoogleRequest } from "./service-account-token";

export const BIGQUERY_API = "https://bigquery.googleapis.com";
export const BIGQUERY_SCOPE = "https://www.googleapis.com/auth/bigquery";

/** jobs.query and jobs.getQueryResults answer alike; every cell value is a string (or null). */
const QueryResponseSchema = z.object({
  jobComplete: z.boolean(),
  jobReference: z.object({ projectId: z.string(), jobId: z.string(), location: z.string().optional() }),
  rows: z.array(z.object({ f: z.array(z.object({ v: z.string().nullable() })) })).optional(),
});

export type QueryParameter = { name: string; type: "STRING" | "TIMESTAMP"; value: string };
export type QueryRequest = { projectId: string; sql: string; params: QueryParameter[]; location?: string };
type AuthorizedFetch = (url: string, init?: GoogleRequest) => Promise<Response>;

// getQueryResults itself waits up to WAIT_MS for the job, so a few rounds cover slow queries.
const MAX_RESULT_POLLS = 5;
const WAIT_MS = 5_000;

/** Runs a standard-SQL query (jobs.query, then jobs.getQueryResults while incomplete) and returns its rows. */
export async function runQuery(call: ProviderCall, authorizedFetch: AuthorizedFetch, baseUrl: string, request: QueryRequest) {
  const root = `${baseUrl.replace(/\/$/, "")}/bigquery/v2/projects/${encodeURIComponent(request.projectId)}/queries`;
  const body = {
    query: request.sql,
    // jobs.query defaults to legacy SQL, which cannot parse backtick-quoted table names.
    useLegacySql: false,
    parameterMode: "NAMED",
    queryParameters: request.params.map((p) => ({ name: p.name, parameterType: { type: p.type }, parameterValue: { value: p.value } })),
    timeoutMs: WAIT_MS,
    ...(request.location ? { location: request.location } : {}),
  };
  const res = await authorizedFetch(root, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  let answer = await readJson(call, res, QueryResponseSchema);

  for (let polls = 0; !answer.jobComplete; polls++) {
    if (polls === MAX_RESULT_POLLS) throw new PollError("the BigQuery job did not complete in time");
    const { projectId, jobId, location } = answer.jobReference;
    const url = new URL(
      `${baseUrl.replace(/\/$/, "")}/bigquery/v2/projects/${encodeURIComponent(projectId)}/queries/${encodeURIComponent(jobId)}`,
    );
    url.searchParams.set("timeoutMs", String(WAIT_MS));
    // getQueryResults must name the job's location; older answers may omit it, the request had it.
    const jobLocation = location ?? request.location;
    if (jobLocation) url.searchParams.set("location", jobLocation);
    answer = await readJson(call, await authorizedFetch(url.toString()), QueryResponseSchema);
  }
  return (answer.rows ?? []).map((row) => row.f.map((cell) => cell.v));
}
