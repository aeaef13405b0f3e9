import fc from "fast-check";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { verifyStandardWebhook } from "../../../worker/src/signatures/standard-webhooks";

const secretArb = fc.uint8Array({ minLength: 24, maxLength: 32 }).map((bytes) => `whsec_${btoa(String.fromCharCode(...bytes))}`);
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** What the reference library decides for the same delivery: the reason it refuses, or null. */
function libraryVerdict(secret: string, body: string, headers: { id: string; timestamp: string; signature: string }): string | null {
  try {
    new Webhook(secret).verify(
      body,
      { "webhook-id": headers.id, "webhook-timestamp": headers.timestamp, "webhook-signature": headers.signature },
      { jsonParse: false },
    );
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

async function ourVerdict(
  secret: string,
  body: string,
  headers: { id: string; timestamp: string; signature: string },
): Promise<string | null> {
  try {
    await verifyStandardWebhook(secret, body, headers);
    return null;
  } catch (error) {
    return (error as Error).message.replace("Webhook signature refused: ", "");
  }
}

describe("Standard Webhooks verification", () => {
  it("accepts whatever the reference library signs, and refuses it once the body changes", async () => {
    await fc.assert(
      fc.asyncProperty(
        secretArb,
        fc.string({ unit: "grapheme", maxLength: 300 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.integer({ min: -290, max: 290 }),
        async (secret, body, id, skew) => {
          const at = new Date((nowSeconds() + skew) * 1000);
          const signature = new Webhook(secret).sign(id, at, body);
          const headers = { id, timestamp: String(at.getTime() / 1000), signature };
          expect(await ourVerdict(secret, body, headers)).toBeNull();
          expect(await ourVerdict(secret, `${body} `, headers)).toBe("No matching signature found");
        },
      ),
      { numRuns: 150 },
    );
  });

  it("decides as the library does on odd headers: several signatures, other versions, bad times, foreign secrets", async () => {
    const versioned = fc.oneof(fc.constant("v1"), fc.constant("v2"), fc.constant(""), fc.string({ maxLength: 4 }));
    const timestamp = fc.oneof(
      fc.integer({ min: -900, max: 900 }).map((skew) => String(nowSeconds() + skew)),
      fc.constantFrom("", "abc", "12x", "-1", "1e3"),
    );
    await fc.assert(
      fc.asyncProperty(
        secretArb,
        secretArb,
        fc.string({ maxLength: 100 }),
        timestamp,
        versioned,
        fc.boolean(),
        async (secret, foreign, body, ts, version, ownKey) => {
          const id = "msg_1";
          const parsed = parseInt(ts, 10);
          const good = Number.isNaN(parsed) ? "v1,AAAA" : new Webhook(ownKey ? secret : foreign).sign(id, new Date(parsed * 1000), body);
          const signature = `${version},${btoa("x")} ${good}`;
          const headers = { id, timestamp: ts, signature };
          expect(await ourVerdict(secret, body, headers)).toBe(libraryVerdict(secret, body, headers));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("refuses missing headers as the library does", async () => {
    const secret = `whsec_${btoa("0123456789abcdef0123456789abcdef")}`;
    for (const headers of [
      { id: null, timestamp: String(nowSeconds()), signature: "v1,x" },
      { id: "m", timestamp: null, signature: "v1,x" },
      { id: "m", timestamp: String(nowSeconds()), signature: null },
    ]) {
      await expect(verifyStandardWebhook(secret, "{}", headers)).rejects.toThrow("Webhook signature refused: Missing required headers");
    }
  });
});
