import { describe, expect, it } from "vitest";
import { priceUsd } from "../../../worker/src/integrations/model-prices";

const at = new Date("2026-06-01T00:00:00Z");

describe("priceUsd (the genai-prices table)", () => {
  it("prices OpenAI, Anthropic and Google models, cached input at the cache price", () => {
    expect(priceUsd({ model: "gpt-4o", inputTokens: 1_000_000, outputTokens: 0, at })).toBeCloseTo(2.5, 6);
    expect(priceUsd({ model: "gpt-4o", inputTokens: 1_000_000, outputTokens: 0, cacheReadTokens: 1_000_000, at })).toBeCloseTo(1.25, 6);
    expect(
      priceUsd({ model: "claude-3-5-sonnet-20241022", provider: "anthropic", inputTokens: 0, outputTokens: 1_000_000, at }),
    ).toBeCloseTo(15, 6);
    expect(priceUsd({ model: "gemini-2.5-flash", provider: "gcp.gemini", inputTokens: 1_000_000, outputTokens: 0, at })).toBeGreaterThan(0);
  });

  it("leaves an unknown model unpriced, and ignores a provider name the table does not know", () => {
    expect(priceUsd({ model: "team-finetune-7b", inputTokens: 10, outputTokens: 10, at })).toBeUndefined();
    expect(priceUsd({ model: "gpt-4o", provider: "our-gateway", inputTokens: 1_000_000, outputTokens: 0, at })).toBeCloseTo(2.5, 6);
  });
});
