import { exports } from "cloudflare:workers";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import type { z } from "zod";

export const ADMIN_TOKEN = env.ADMIN_TOKEN;
export const BASE_URL = "https://pitwall.test";

type ApiOptions = { method?: string; token?: string | null; json?: unknown; body?: BodyInit; headers?: Record<string, string> };

/** A request through the real Worker entry point, as a client would send it. */
export function api(path: string, options: ApiOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? ADMIN_TOKEN : options.token;
  if (token) headers.authorization = `Bearer ${token}`;
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers["content-type"] ??= "application/json";
  }
  return exports.default.fetch(new Request(`${BASE_URL}${path}`, { method: options.method ?? "GET", headers, body }));
}

export async function apiJson<T = unknown>(path: string, options: ApiOptions = {}): Promise<{ status: number; body: T }> {
  const response = await api(path, options);
  return { status: response.status, body: (await response.json()) as T };
}

/**
 * An answer's body parsed with its contract schema. The schema drops keys it does not name, so
 * the answer must also equal what was parsed: it holds exactly what the contract promises.
 */
export function parseAnswer<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.parse(body);
  expect(parsed, "the answer holds keys the contract does not name").toEqual(body);
  return parsed;
}
