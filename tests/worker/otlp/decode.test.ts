import { describe, expect, it } from "vitest";
import { decodeExport } from "../../../worker/src/otlp/decode";
import { OtlpRefusal } from "../../../worker/src/otlp/refusal";

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe("decodeExport (OTLP/JSON)", () => {
  it("reads hex trace and span ids, integer enums, int64 as strings or numbers, and ignores unknown fields", () => {
    const request = decodeExport(
      "traces",
      "json",
      json({
        resourceSpans: [
          {
            scopeSpans: [
              {
                spans: [
                  {
                    traceId: "5b8efff798038103d269b633813fc60c",
                    spanId: "eee19b7ec3c1b174",
                    parentSpanId: "",
                    kind: 3,
                    endTimeUnixNano: "1700000000000000000",
                    startTimeUnixNano: 1699999999000000000,
                    somethingNew: true,
                  },
                ],
              },
            ],
          },
        ],
      }),
    );
    const span = request.resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    expect(Buffer.from(span.traceId).toString("hex")).toBe("5b8efff798038103d269b633813fc60c");
    expect(Buffer.from(span.spanId).toString("hex")).toBe("eee19b7ec3c1b174");
    expect(span.kind).toBe(3);
    expect(span.endTimeUnixNano).toBe(1700000000000000000n);
  });

  it("refuses what is not an export request with a 400", () => {
    for (const body of [new Uint8Array([0xff, 0xfe]), json({ resourceSpans: "no" }), json([1, 2])]) {
      expect(() => decodeExport("traces", "json", body)).toThrow(OtlpRefusal);
    }
    expect(() => decodeExport("metrics", "protobuf", new Uint8Array([0x0a, 0xff]))).toThrow(OtlpRefusal);
  });
});
