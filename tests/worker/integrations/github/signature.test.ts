import { describe, expect, it } from "vitest";
import { verifyGithubSignature } from "../../../../worker/src/integrations/github/signature";

// GitHub's published test vector (docs: validating webhook deliveries).
const SECRET = "It's a Secret to Everybody";
const BODY = "Hello, World!";
const SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

describe("verifyGithubSignature", () => {
  it("accepts GitHub's test vector", async () => {
    await expect(verifyGithubSignature(SECRET, BODY, SIGNATURE)).resolves.toBeUndefined();
  });

  it("refuses another body, another secret, a missing header and a missing prefix with 401", async () => {
    for (const [secret, body, header] of [
      [SECRET, "Hello, World?", SIGNATURE],
      ["whsec_other", BODY, SIGNATURE],
      [SECRET, BODY, undefined],
      [SECRET, BODY, SIGNATURE.slice("sha256=".length)],
    ] as const) {
      await expect(verifyGithubSignature(secret, body, header)).rejects.toMatchObject({ status: 401, code: "unauthorized" });
    }
  });
});
