import { describe, expect, it } from "vitest";
import { failFor, readJson, redact, retryAfterMs, send, type ProviderCall } from "../../../worker/src/pollers/http";
import { z } from "zod";
import { pollError } from "./poll-context";

const NOW = Date.parse("2026-11-27T12:00:00Z");
const SECRET = "sk-secret-0123456789";

function call(fetchImpl: typeof fetch = fetch): ProviderCall {
  return { provider: "Acme", fetch: fetchImpl, now: NOW, secrets: [SECRET, undefined] };
}

const answer = (status: number, body: string, headers: Record<string, string> = {}) => new Response(body, { status, headers });

describe("redact", () => {
  it("replaces every occurrence of every configured secret", () => {
    expect(redact(`a ${SECRET} b ${SECRET}`, [SECRET])).toBe("a [redacted] b [redacted]");
  });

  it("ignores missing and very short secrets, which would shred ordinary text", () => {
    expect(redact("a b c", [undefined, "a"])).toBe("a b c");
  });
});

describe("retryAfterMs", () => {
  it("reads a delay in seconds", () => {
    expect(retryAfterMs(answer(429, "", { "retry-after": "12" }), NOW)).toBe(12_000);
  });

  it("reads an HTTP date as the time left until it", () => {
    expect(retryAfterMs(answer(429, "", { "retry-after": "Fri, 27 Nov 2026 12:01:30 GMT" }), NOW)).toBe(90_000);
  });

  it("is undefined without a usable header", () => {
    expect(retryAfterMs(answer(429, ""), NOW)).toBeUndefined();
    expect(retryAfterMs(answer(429, "", { "retry-after": "soon" }), NOW)).toBeUndefined();
  });
});

describe("failFor", () => {
  it("keeps the provider's message from each documented error shape", async () => {
    const messages = await Promise.all(
      [
        answer(404, JSON.stringify({ message: "Not Found" })),
        answer(400, JSON.stringify({ error: { code: 400, message: "Bad query" } })),
        answer(400, JSON.stringify({ error: "invalid_grant", error_description: "Invalid JWT Signature." })),
        answer(502, "<html>\n  Bad   gateway\n</html>"),
        answer(500, ""),
      ].map(async (res) => (await pollError(failFor(call(), res))).message),
    );
    expect(messages).toEqual([
      "Acme answered 404: Not Found",
      "Acme answered 400: Bad query",
      "Acme answered 400: Invalid JWT Signature.",
      "Acme answered 502: <html> Bad gateway </html>",
      "Acme answered 500",
    ]);
  });

  it("passes retry-after on only for throttling statuses", async () => {
    const delay = { "retry-after": "5" };
    expect((await pollError(failFor(call(), answer(429, "", delay)))).retryAfterMs).toBe(5000);
    expect((await pollError(failFor(call(), answer(503, "", delay)))).retryAfterMs).toBe(5000);
    expect((await pollError(failFor(call(), answer(500, "", delay)))).retryAfterMs).toBeUndefined();
  });

  it("redacts secrets the provider echoes, and shortens long bodies", async () => {
    const err = await pollError(failFor(call(), answer(401, `${SECRET} ${"x".repeat(500)}`)));
    expect(err.message).toBe(`Acme answered 401: [redacted] ${"x".repeat(189)}`);
  });
});

describe("send", () => {
  it("turns a network failure into a PollError without the secrets", async () => {
    const broken: typeof fetch = async () => {
      throw new TypeError(`connect failed for ${SECRET}`);
    };
    const err = await pollError(send(call(broken), "https://acme.example/x"));
    expect(err.message).toBe("Acme could not be reached (TypeError: connect failed for [redacted])");
  });
});

describe("readJson", () => {
  it("returns the parsed body when it has the expected shape", async () => {
    expect(await readJson(call(), answer(200, '{"n":1,"extra":true}'), z.object({ n: z.number() }))).toEqual({ n: 1 });
  });

  it("fails on a non-2xx answer as failFor does", async () => {
    expect((await pollError(readJson(call(), answer(500, '{"message":"boom"}'), z.object({})))).message).toBe("Acme answered 500: boom");
  });
});
