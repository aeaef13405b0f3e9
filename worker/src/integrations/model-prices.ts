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

type Provider = NonNullable<ReturnType<typeof findProvider>>;

/**
 * Finding a model in the table tries the providers' match rules: measured in Node, 45-60 µs a
 * call once warm and 100-300 µs in a fresh isolate, against some 30 µs for the price itself,
 * and an OTLP export prices up to 512 calls. The match depends only on the model and provider
 * (not on the time or the counts), so it is kept per isolate: later calls hand the table the
 * matched provider narrowed to that one model, and the table prices them exactly as before
 * (dated prices and tiers included). The table is bundled and never updated at run time, so
 * a kept match cannot go stale. `null`: the table does not know the model.
 */
const matches = new Map<string, Provider | null>();
/** Far above the 200 models a hackathon may name; cleared, not evicted, past it. */
const MAX_MATCHES = 2_000;

function matchedProvider(model: string, providerId: string | undefined): Provider | null {
  const key = `${providerId ?? ""}\u0000${model}`;
  const kept = matches.get(key);
  if (kept !== undefined) return kept;
  const probe = calcPrice({ input_tokens: 0, output_tokens: 0 }, model, { providerId });
  let match: Provider | null = null;
  if (probe) {
    // The model found may come from a fallback provider: keep it alone, and no fallbacks.
    const { fallback_model_providers: _, ...provider } = probe.provider;
    match = { ...provider, models: [probe.model] };
  }
  if (matches.size >= MAX_MATCHES) matches.clear();
  matches.set(key, match);
  return match;
}

/** The call's price in USD, or undefined when the table does not know the model. */
export function priceUsd(usage: TokenUsage): number | undefined {
  // A provider the table does not know (a name of the sender's own) must not hide the model:
  // match by model alone then, as the table does for calls with no provider.
  const providerId = usage.provider && findProvider({ providerId: usage.provider }) ? usage.provider : undefined;
  try {
    const provider = matchedProvider(usage.model, providerId);
    if (!provider) return undefined;
    const price = calcPrice(
      {
        input_tokens: usage.inputTokens,
        output_tokens: usage.outputTokens,
        cache_read_tokens: usage.cacheReadTokens,
        cache_write_tokens: usage.cacheWriteTokens,
      },
      usage.model,
      { provider, timestamp: usage.at },
    );
    const total = price?.total_price;
    return total !== undefined && Number.isFinite(total) && total >= 0 ? total : undefined;
  } catch {
    // The table refuses usage it cannot price (say, cache counts above the input): unpriced.
    return undefined;
  }
}
