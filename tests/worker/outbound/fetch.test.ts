import { describe, expect, it } from "vitest";
import { OutboundError, outboundFetch, outboundFetcher } from "../../../worker/src/outbound/fetch";
import { fakeProvider } from "../../fixtures/fake-providers/client";

const LOCAL = { allowLoopback: true };

/** The OutboundError a call rejects with (fails the test if it resolves or throws something else). */
async function outboundError(promise: Promise<unknown>): Promise<OutboundError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof OutboundError)) throw new Error(`expected an OutboundError, got ${String(err)}`);
  return err;
}

describe("outboundFetch", () => {
  it("refuses a URL the policy refuses without calling out", async () => {
    let calls = 0;
    const spy: typeof fetch = async () => {
      calls++;
      return new Response("{}");
    };
    for (const url of ["http://169.254.169.254/latest/meta-data/", "https://[::ffff:a9fe:a9fe]/", "https://10.0.0.1/"]) {
      expect((await outboundError(outboundFetch(url, {}, { ...LOCAL, fetch: spy }))).message).toMatch(/^refused to call the URL/);
    }
    // Loopback is refused when the setting is off (production).
    await outboundError(outboundFetch("http://127.0.0.1:9/", {}, { allowLoopback: false, fetch: spy }));
    expect(calls).toBe(0);
  });

  it("never follows a redirect: the target gets no request, the call fails", async () => {
    const target = await fakeProvider("json", {});
    const origin = await fakeProvider("json", {});
    await origin.fail({ status: 302, headers: { location: `${target.altBaseUrl}/stolen` } });
    const err = await outboundError(outboundFetch(`${origin.baseUrl}/spend`, { headers: { "x-api-key": "k" } }, LOCAL));
    expect(err.message).toBe("the answer is a redirect (HTTP 302), which is never followed");
    expect(await origin.requests()).toHaveLength(1);
    expect(await target.requests()).toEqual([]);
  });

  it("refuses an answer larger than the cap, declared or not", async () => {
    const provider = await fakeProvider("json", { answer: { events: [], padding: "x".repeat(5000) } });
    const err = await outboundError(outboundFetch(`${provider.baseUrl}/spend`, {}, { ...LOCAL, maxBytes: 1024 }));
    expect(err.message).toBe("the answer is larger than 1024 bytes");
    // Without Content-Length (chunked), the cap applies while reading.
    const chunked = await fakeProvider("json", {});
    await chunked.fail({ status: 200, headers: { "transfer-encoding": "chunked" }, body: "y".repeat(5000) });
    expect((await outboundError(outboundFetch(`${chunked.baseUrl}/x`, {}, { ...LOCAL, maxBytes: 1024 }))).message).toMatch(
      /larger than 1024/,
    );
  });

  it("answers a readable Response within the cap, 304s included", async () => {
    const provider = await fakeProvider("json", { answer: { events: [] } });
    const res = await outboundFetcher(LOCAL)(`${provider.baseUrl}/spend`, { headers: { accept: "application/json" } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ events: [] });
    await provider.fail({ status: 304, headers: { etag: '"a"' } });
    const notModified = await outboundFetch(`${provider.baseUrl}/spend`, {}, LOCAL);
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get("etag")).toBe('"a"');
  });
});
