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
}

export interface ApiClientOptions {
  token: string;
  baseUrl?: string;
  fetch?: typeof globalThis.fetch;
}

/** A small JSON client that sends the bearer token and validates every answer against the contract. */
export function createApiClient({ token, baseUrl = "", fetch = globalThis.fetch }: ApiClientOptions): ApiClient {
  async function request<T>(method: string, path: string, schema: ZodType<T>, body?: unknown): Promise<T> {
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
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      throw new ApiError(0, `Unexpected answer from ${path}: ${parsed.error.message}`, "invalid_response");
    }
    return parsed.data;
  }

  return {
    get: (path, schema) => request("GET", path, schema),
    post: (path, schema, body) => request("POST", path, schema, body),
  };
}
