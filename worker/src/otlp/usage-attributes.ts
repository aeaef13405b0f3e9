/**
 * Where token usage sits on a span, most specific first. The GenAI semantic conventions
 * (development status, so both their current and their older spellings arrive) come before
 * OpenInference's (used by the OpenAI Agents SDK and LlamaIndex bridges), and a span carrying
 * both is read once, from the first found. The Vercel AI SDK's own `ai.usage.*` are left out on
 * purpose: its outer `ai.generateText` span repeats the totals of the `doGenerate` spans under
 * it, which carry `gen_ai.*`, so reading both would count each call twice.
 */
export const USAGE_KEYS = {
  input: ["gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens", "llm.token_count.prompt"],
  output: ["gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens", "llm.token_count.completion"],
  cacheRead: [
    "gen_ai.usage.cache_read.input_tokens",
    "gen_ai.usage.cache_read_input_tokens",
    "gen_ai.usage.input_tokens.cached",
    "llm.token_count.prompt_details.cache_read",
  ],
  cacheWrite: [
    "gen_ai.usage.cache_creation.input_tokens",
    "gen_ai.usage.cache_creation_input_tokens",
    "llm.token_count.prompt_details.cache_write",
  ],
  /** The model that answered wins over the one asked for (an alias such as `gpt-4o` resolves to a dated one). */
  model: ["gen_ai.response.model", "gen_ai.request.model", "llm.model_name"],
  provider: ["gen_ai.provider.name", "gen_ai.system", "llm.provider", "llm.system"],
  /** The sender's own cost in USD, when it knows it (OpenInference's `llm.cost.total`). */
  cost: ["llm.cost.total", "gen_ai.usage.cost"],
} as const;

/** OpenInference marks which spans are LLM calls; its agent and chain spans may repeat their children's counts. */
export const OPENINFERENCE_KIND = "openinference.span.kind";

/**
 * The GenAI conventions' operation. An `invoke_agent` span of an agent the sender runs itself
 * (any span kind but CLIENT; the conventions give in-process agents INTERNAL) sums the usage of
 * the model-call spans under it, as the Vercel AI SDK's `@ai-sdk/otel` root span does: it is
 * ignored. A CLIENT one calls a remote agent whose model calls the sender never sees: it counts.
 */
export const GENAI_OPERATION = "gen_ai.operation.name";
export const AGENT_OPERATION = "invoke_agent";
