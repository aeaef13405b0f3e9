import type { PollConfig } from "../contract";
import { pollAnthropicUsage } from "./anthropic-usage";
import { pollGcpBigQuery } from "./gcp-bigquery";
import { pollGithubIssues } from "./github-issues";
import { pollJson } from "./json";
import { pollOpenAiUsage } from "./openai-usage";
import type { PollAdapter } from "./types";

export type { PollAdapter, PollCache, PollContext, PollResult, ProviderTruth } from "./types";

type Kind = PollConfig["kind"];
type AdapterFor<K extends Kind> = PollAdapter<Extract<PollConfig, { kind: K }>>;

/**
 * The adapter of each poll kind. Typed as a full mapping, so a kind added to the contract
 * without an adapter fails to compile.
 */
type Adapters = { [K in Kind]: AdapterFor<K> };
const ADAPTERS: Adapters = {
  json: pollJson,
  "gcp-bigquery": pollGcpBigQuery,
  "github-issues": pollGithubIssues,
  "openai-usage": pollOpenAiUsage,
  "anthropic-usage": pollAnthropicUsage,
};

/**
 * Widens a kind-specific adapter to the union. Safe because pollAdapterFor looks it up by
 * the config's own kind, so it is only ever called with a config of that kind.
 */
function widen(adapter: Adapters[Kind]): PollAdapter {
  return adapter as unknown as PollAdapter;
}

/** The adapter that polls a source configured with `config`. */
export function pollAdapterFor(config: PollConfig): PollAdapter {
  return widen(ADAPTERS[config.kind]);
}
