import { describe, expect, it } from "vitest";
import { PollConfigSchema } from "../../../worker/src/contract";
import { pollAnthropicUsage } from "../../../worker/src/pollers/anthropic-usage";
import { pollGcpBigQuery } from "../../../worker/src/pollers/gcp-bigquery";
import { pollGithubIssues } from "../../../worker/src/pollers/github-issues";
import { pollAdapterFor } from "../../../worker/src/pollers/index";
import { pollJson } from "../../../worker/src/pollers/json";
import { pollOpenAiUsage } from "../../../worker/src/pollers/openai-usage";

describe("pollAdapterFor", () => {
  it("returns the adapter of every poll kind", () => {
    const configs = {
      json: PollConfigSchema.parse({ kind: "json", url: "https://example.com/totals" }),
      github: PollConfigSchema.parse({ kind: "github-issues", repo: "acme/app" }),
      bigquery: PollConfigSchema.parse({ kind: "gcp-bigquery", project_id: "p", table: "d.t" }),
      openai: PollConfigSchema.parse({ kind: "openai-usage" }),
      anthropic: PollConfigSchema.parse({ kind: "anthropic-usage" }),
    };
    expect(pollAdapterFor(configs.json)).toBe(pollJson);
    expect(pollAdapterFor(configs.github)).toBe(pollGithubIssues);
    expect(pollAdapterFor(configs.bigquery)).toBe(pollGcpBigQuery);
    expect(pollAdapterFor(configs.openai)).toBe(pollOpenAiUsage);
    expect(pollAdapterFor(configs.anthropic)).toBe(pollAnthropicUsage);
  });
});
