import { calcPrice, findProvider } from "@pydantic/genai-prices";

/**
 * Model prices from Pydantic's genai-prices table (npm `@pydantic/genai-prices`, pinned): a
 * maintained list of providers' published prices, with cached-token prices and dated price
 * changes, bundled as data (no fetch, no code generation, so it runs in workerd). Prices are
 * USD. docs/contract.md section 4: a token event without `cost` is priced here when the model is
 * known; an unknown model stays unpriced (undefined), never $0.
 */
export type TokenUsage = {
  model: string;
  /** All input tokens, cached ones included (OpenAI's and the GenAI conventions' reading). */
  inputTokens: number;
  outputTokens: number;
  /** The part of `inputTokens` read from the provider's prompt cache, when reported. */
  cacheReadTokens?: number;
  /** The part of `inputTokens` written to the cache (Anthropic bills it above input), when reported. */
  cacheWriteTokens?: number;
  /** The provider as the sender named it (`openai`, `gcp.gemini`, `aws.bedrock`...), when known. */
  provider?: string;
  /** When the call was made: prices change over time. */
  at: Date;
};

/** The call's price in USD, or undefined when the table does not know the model. */
export function priceUsd(usage: TokenUsage): number | undefined {
  // A provider the table does not know (a name of the sender's own) must not hide the model:
  // match by model alone then, as the table does for calls with no provider.
  const providerId = usage.provider && findProvider({ providerId: usage.provider }) ? usage.provider : undefined;
  try {
    const price = calcPrice(
      {
        input_tokens: usage.inputTokens,
        output_tokens: usage.outputTokens,
        cache_read_tokens: usage.cacheReadTokens,
        cache_write_tokens: usage.cacheWriteTokens,
      },
      usage.model,
      { providerId, timestamp: usage.at },
    );
    const total = price?.total_price;
    return total !== undefined && Number.isFinite(total) && total >= 0 ? total : undefined;
  } catch {
    // The table refuses usage it cannot price (say, cache counts above the input): unpriced.
    return undefined;
  }
}
