import { describe, expect, it } from "vitest";
import { readSpans } from "../../../worker/src/otlp/spans";
import { chatSpan, type SpanInit, tracesRequest } from "../../helpers/otlp";

const INTERNAL = 1;
const CLIENT = 3;

/** An agent run as `@ai-sdk/otel` reports it: an `invoke_agent` root summing the usage of its `chat` steps. */
function agentRun(rootKind: number): SpanInit[] {
  return [
    {
      name: "invoke_agent gpt-4o-mini",
      kind: rootKind,
      attrs: {
        "gen_ai.operation.name": "invoke_agent",
        "gen_ai.provider.name": "openai",
        "gen_ai.request.model": "gpt-4o-mini",
        "gen_ai.usage.input_tokens": 300,
        "gen_ai.usage.output_tokens": 70,
      },
    },
    { ...chatSpan("gpt-4o-mini", 100, 20), name: "chat gpt-4o-mini", kind: CLIENT },
    { ...chatSpan("gpt-4o-mini", 200, 50), name: "chat gpt-4o-mini", kind: CLIENT },
  ];
}

const tokensOf = (reading: ReturnType<typeof readSpans>) => reading.events.reduce((n, e) => n + e.input_tokens + e.output_tokens, 0);

describe("readSpans", () => {
  it("ignores an in-process agent span that repeats the usage of its model calls, so each call counts once", () => {
    const reading = readSpans(tracesRequest(agentRun(INTERNAL)), Date.now());
    expect(reading.events).toHaveLength(2);
    expect(tokensOf(reading)).toBe(370);
    expect(reading).toMatchObject({ ignored: 1, rejected: 0 });
  });

  it("counts a CLIENT agent span: a remote agent's model calls never reach the sender", () => {
    const remote: SpanInit = { ...agentRun(CLIENT)[0]!, kind: CLIENT };
    const reading = readSpans(tracesRequest([remote]), Date.now());
    expect(reading.events).toHaveLength(1);
    expect(tokensOf(reading)).toBe(370);
  });
});
