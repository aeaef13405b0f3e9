import type { ZodType } from "zod";
import { ErrorBodySchema } from "$contract";

/** A failed API call; `status` is 0 when the server could not be reached or answered nonsense. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string,
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
  post<T>(path: string, schema: ZodType<T>, body?: unknown): Promise<T>;
  /** Without a schema the answer's body (a 204 has none) is ignored. */
  delete(path: string): Promise<void>;
  delete<T>(path: string, schema: ZodType<T>): Promise<T>;
}

export interface ApiClientOptions {
  token: string;
  baseUrl?: string;
  fetch?: typeof globalThis.fetch;
}

/** A small JSON client that sends the bearer token and validates every answer against the contract. */
export function createApiClient({ token, baseUrl = "", fetch = globalThis.fetch }: ApiClientOptions): ApiClient {
  /** Sends one request; resolves with the parsed JSON (null when there is none) of a 2xx answer. */
  async function send(method: string, path: string, body?: unknown): Promise<unknown> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
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
    const payload: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const parsed = ErrorBodySchema.safeParse(payload);
      const detail = parsed.success ? parsed.data.error : { code: "http_error", message: response.statusText };
      throw new ApiError(response.status, detail.message || `HTTP ${response.status}`, detail.code);
    }
    return payload;
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
    post: async (path, schema, body) => validated(path, schema, await send("POST", path, body)),
    delete: remove,
  };
}
