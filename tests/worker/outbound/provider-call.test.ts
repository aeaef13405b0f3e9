import { describe, expect, it } from "vitest";
import { OutboundError } from "../../../worker/src/outbound/fetch";
import { failFor, readJson, redact, retryAfterMs, send, type ProviderCall } from "../../../worker/src/outbound/provider-call";
import { z } from "zod";
import { pollError } from "../pollers/poll-context";

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
  it("says the status in fixed words, never the provider's message, whatever its shape", async () => {
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
      "Acme answered HTTP 404 (not found)",
      "Acme answered HTTP 400 (request refused)",
      "Acme answered HTTP 400 (request refused)",
      "Acme answered HTTP 502 (provider error)",
      "Acme answered HTTP 500 (provider error)",
    ]);
  });

  it("passes retry-after on only for throttling statuses", async () => {
    const delay = { "retry-after": "5" };
    expect((await pollError(failFor(call(), answer(429, "", delay)))).retryAfterMs).toBe(5000);
    expect((await pollError(failFor(call(), answer(503, "", delay)))).retryAfterMs).toBe(5000);
    expect((await pollError(failFor(call(), answer(500, "", delay)))).retryAfterMs).toBeUndefined();
  });

  it("leaves the body out, so nothing a provider echoes (ours or not) reaches viewers", async () => {
    const err = await pollError(failFor(call(), answer(401, JSON.stringify({ message: `${SECRET} and sk-someone-elses-key` }))));
    expect(err.message).toBe("Acme answered HTTP 401 (credentials refused)");
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

  it("words an outbound refusal (URL, redirect, size) as Pitwall's own", async () => {
    const refusing: typeof fetch = async () => {
      throw new OutboundError("the answer is a redirect (HTTP 302), which is never followed");
    };
    const err = await pollError(send(call(refusing), "https://acme.example/x"));
    expect(err.message).toBe("Acme: the answer is a redirect (HTTP 302), which is never followed");
  });
});

describe("readJson", () => {
  it("returns the parsed body when it has the expected shape", async () => {
    expect(await readJson(call(), answer(200, '{"n":1,"extra":true}'), z.object({ n: z.number() }))).toEqual({ n: 1 });
  });

  it("names where the answer missed its shape without quoting the provider's keys", async () => {
    const strict = z.strictObject({ n: z.number() });
    const err = await pollError(readJson(call(), answer(200, '{"n":1,"sk_live_leak":true}'), strict));
    expect(err.message).toBe("Acme answered in an unexpected shape (body: unrecognized keys)");
  });

  it("fails on a non-2xx answer as failFor does", async () => {
    expect((await pollError(readJson(call(), answer(500, '{"message":"boom"}'), z.object({})))).message).toBe(
      "Acme answered HTTP 500 (provider error)",
    );
  });
});
