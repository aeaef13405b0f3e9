import { describe, expect, it } from "vitest";
import { renderExposition } from "../../../worker/src/observability/exposition";
import { parseExposition, sampleValue } from "../../helpers/prometheus";

describe("the Prometheus text exposition", () => {
  it("escapes backslashes, quotes and newlines in label values so they read back unchanged", () => {
    const awkward = 'a "quoted" \\ back\\slash\nand a newline';
    const text = renderExposition([
      { name: "t_gauge", help: "help with \\ and\nnewline", type: "gauge", samples: [{ labels: { l: awkward }, value: 2 }] },
    ]);
    expect(text).toContain('l="a \\"quoted\\" \\\\ back\\\\slash\\nand a newline"');
    expect(text).toContain("# HELP t_gauge help with \\\\ and\\nnewline");
    expect(sampleValue(parseExposition(text), "t_gauge", { l: awkward })).toBe(2);
  });

  it("merges families of the same name into one HELP/TYPE block with contiguous samples", () => {
    const family = (hackathon: string, value: number) => ({
      name: "x_total",
      help: "x",
      type: "counter" as const,
      samples: [{ labels: { hackathon }, value }],
    });
    const other = { name: "y", help: "y", type: "gauge" as const, samples: [{ labels: {}, value: 1 }] };
    const text = renderExposition([family("a", 1), other, family("b", 2)]);
    expect(text.match(/# TYPE x_total counter/g)).toHaveLength(1);
    const parsed = parseExposition(text);
    expect(parsed.samples.map((s) => s.name)).toEqual(["x_total", "x_total", "y"]);
  });

  it("writes special values the way the format spells them", () => {
    const samples = [Infinity, -Infinity, NaN, 0.25].map((value, i) => ({ labels: { i: String(i) }, value }));
    const text = renderExposition([{ name: "v", help: "v", type: "gauge", samples }]);
    expect(
      text
        .split("\n")
        .slice(2, 6)
        .map((line) => line.split(" ")[1]),
    ).toEqual(["+Inf", "-Inf", "NaN", "0.25"]);
  });
});
