import { calcPrice, findProvider } from "@pydantic/genai-prices";
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

  it("gives the table's own price for every model, provider, usage and date, however often a model recurs", () => {
    // Dated models, aliases matched through normalisation, fallback providers, tiered prices, cache prices.
    const models = [
      "gpt-4.1-mini",
      "gpt-4o-2024-08-06",
      "o3-mini",
      "claude-sonnet-4",
      "claude-3-5-haiku-20241022",
      "gemini-2.5-pro",
      "models/gemini-2.0-flash",
      "llama-3.3-70b-versatile",
      "deepseek-chat",
      "text-embedding-3-small",
      "team-finetune-7b",
    ];
    const providers = [undefined, "openai", "anthropic", "google", "gcp.gemini", "groq", "openrouter", "our-gateway"];
    const usages = [
      { inputTokens: 1_000, outputTokens: 200 },
      { inputTokens: 300_000, outputTokens: 5_000 },
      { inputTokens: 5_000, outputTokens: 100, cacheReadTokens: 4_000 },
      { inputTokens: 5_000, outputTokens: 100, cacheReadTokens: 1_000, cacheWriteTokens: 2_000 },
    ];
    const dates = [new Date("2024-06-01T00:00:00Z"), at];
    const direct = (model: string, provider: string | undefined, u: (typeof usages)[number], when: Date) => {
      const providerId = provider && findProvider({ providerId: provider }) ? provider : undefined;
      try {
        const input = {
          input_tokens: u.inputTokens,
          output_tokens: u.outputTokens,
          cache_read_tokens: u.cacheReadTokens,
          cache_write_tokens: u.cacheWriteTokens,
        };
        return calcPrice(input, model, { providerId, timestamp: when })?.total_price;
      } catch {
        return undefined;
      }
    };
    let priced = 0;
    for (let round = 0; round < 2; round++)
      for (const model of models)
        for (const provider of providers)
          for (const u of usages)
            for (const when of dates) {
              const expected = direct(model, provider, u, when);
              expect(priceUsd({ model, provider, ...u, at: when }), `${model} ${provider} ${JSON.stringify(u)} ${when.toISOString()}`).toBe(
                expected,
              );
              if (expected !== undefined) priced++;
            }
    expect(priced).toBeGreaterThan(400);
  });
});
