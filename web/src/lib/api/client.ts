import type { ZodType } from "zod";
import { ErrorBodySchema, type ErrorIssue } from "$contract";

/** A failed API call; `status` is 0 when the server could not be reached or answered nonsense. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string,
    /** The contract's per-field violations (`path` dotted, e.g. `budget.amount`); empty when there are none. */
    readonly issues: readonly ErrorIssue[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** 401 and 404 both mean "this token cannot see this": the API hides existence from other tenants. */
  get isAuthFailure(): boolean {
    return this.status === 401 || this.status === 404;
  }
}

export interface ApiClient {
  get<T>(path: string, schema: ZodType<T>): Promise<T>;
  /** A GET whose answer is text (a CSV export), not JSON. */
  getText(path: string, accept?: string): Promise<string>;
  post<T>(path: string, schema: ZodType<T>, body?: unknown): Promise<T>;
  patch<T>(path: string, schema: ZodType<T>, body: unknown): Promise<T>;
  /** Without a schema the answer's body (a 204 has none) is ignored. */
  delete(path: string): Promise<void>;
  delete<T>(path: string, schema: ZodType<T>): Promise<T>;
}

export interface ApiClientOptions {
  /** null: no bearer token, so a person signed in through Cloudflare Access acts by the cookie the browser sends. */
  token: string | null;
  baseUrl?: string;
  fetch?: typeof globalThis.fetch;
}

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The headers of one request. Every write says `X-Pitwall-Request: 1`: a write signed in by the
 * Access cookie is refused without it (the CSRF defence of docs/contract.md section 2), and a
 * header another site cannot make a browser send costs a bearer-token write nothing.
 */
export function requestHeaders(input: { method: string; token: string | null; accept: string; json: boolean }): Record<string, string> {
  const headers: Record<string, string> = { accept: input.accept };
  if (input.token !== null) headers.authorization = `Bearer ${input.token}`;
  if (input.json) headers["content-type"] = "application/json";
  if (!READ_METHODS.has(input.method)) headers["x-pitwall-request"] = "1";
  return headers;
}

/** A small JSON client that sends the bearer token and validates every answer against the contract. */
export function createApiClient({ token, baseUrl = "", fetch = globalThis.fetch }: ApiClientOptions): ApiClient {
  /** Sends one request; resolves with the 2xx answer, or throws the contract's error as an ApiError. */
  async function exchange(method: string, path: string, body: unknown, accept: string): Promise<Response> {
    const headers = requestHeaders({ method, token, accept, json: body !== undefined });
    let response: Response;
    try {
      response = await fetch(baseUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (cause) {
      throw new ApiError(0, `Cannot reach the server (${String(cause)})`, "network");
    }
    if (!response.ok) {
      const parsed = ErrorBodySchema.safeParse(await response.json().catch(() => null));
      const detail = parsed.success ? parsed.data.error : { code: "http_error", message: response.statusText, issues: [] };
      throw new ApiError(response.status, detail.message || `HTTP ${response.status}`, detail.code, detail.issues);
    }
    return response;
  }

  /** Resolves with the parsed JSON (null when there is none) of a 2xx answer. */
  async function send(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await exchange(method, path, body, "application/json");
    return response.json().catch(() => null);
  }

  function validated<T>(path: string, schema: ZodType<T>, payload: unknown): T {
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      throw new ApiError(0, `Unexpected answer from ${path}: ${parsed.error.message}`, "invalid_response");
    }
    return parsed.data;
  }

  function remove(path: string): Promise<void>;
  function remove<T>(path: string, schema: ZodType<T>): Promise<T>;
  async function remove<T>(path: string, schema?: ZodType<T>): Promise<T | undefined> {
    const payload = await send("DELETE", path);
    return schema ? validated(path, schema, payload) : undefined;
  }

  return {
    get: async (path, schema) => validated(path, schema, await send("GET", path)),
    getText: async (path, accept = "text/plain") => (await exchange("GET", path, undefined, accept)).text(),
    post: async (path, schema, body) => validated(path, schema, await send("POST", path, body)),
    patch: async (path, schema, body) => validated(path, schema, await send("PATCH", path, body)),
    delete: remove,
  };
}
