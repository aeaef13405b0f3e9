import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DashboardStateSchema } from "../../../../worker/src/contract";
import { ExportTraceServiceRequestSchema } from "../../../../worker/src/otlp/gen/opentelemetry/proto/collector/trace/v1/trace_service_pb";
import { apiJson } from "../../../helpers/api";
import { excerpt, fuzzRuns, quietHackathon, roomState, weirdBody, weirdHeaderValue } from "../../../helpers/fuzz";
import { chatSpan, type Encoding, encodeRequest, postOtlp, statusAnswer, tracesRequest } from "../../../helpers/otlp";

const signal = fc.constantFrom("traces" as const, "metrics" as const);
const encoding = fc.constantFrom<Encoding>("protobuf", "json");
/** Bodies an exporter would never send: random bytes, odd JSON, and real exports cut or flipped. */
const validTraces = (e: Encoding) => encodeRequest(ExportTraceServiceRequestSchema, tracesRequest([chatSpan("gpt-4o", 3, 4)]), e);
const oddBody = fc.oneof(
  fc.uint8Array({ maxLength: 512 }),
  weirdBody(fc.constant({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: "00", spanId: "zz" }] }] }] })).map((s) =>
    new TextEncoder().encode(s),
  ),
  fc.tuple(encoding, fc.nat(), fc.integer({ min: 0, max: 255 })).map(([e, at, byte]) => {
    const bytes = validTraces(e).slice();
    bytes[at % bytes.length] = byte;
    return bytes;
  }),
  fc.tuple(encoding, fc.nat()).map(([e, cut]) => validTraces(e).slice(0, cut % 64)),
);

describe("fuzz: POST /otlp/:id/v1/traces and /v1/metrics", { timeout: 60_000 }, () => {
  it("answers any body with the ingest token 200, or 400/413/415 as a google.rpc.Status that stores nothing", async () => {
    const h = await quietHackathon();
    await fc.assert(
      fc.asyncProperty(signal, encoding, oddBody, async (which, as, body) => {
        const before = await roomState(h.hackathon.id);
        const response = await postOtlp(h.hackathon.id, which, body, { token: h.ingest_token, encoding: as });
        expect([200, 400, 413, 415], `${which} ${as} ${excerpt([...body].join())} → ${response.status}`).toContain(response.status);
        if (response.status !== 200) {
          await statusAnswer(response);
          expect(await roomState(h.hackathon.id)).toEqual(before);
        } else {
          await response.arrayBuffer();
        }
        const dashboard = await apiJson(`/api/hackathons/${h.hackathon.id}/dashboard`, { token: h.viewer_token });
        DashboardStateSchema.parse(dashboard.body);
      }),
      fuzzRuns(60),
    );
  });

  it("refuses any other credential with 401 or 403 and changes nothing", async () => {
    const h = await quietHackathon();
    const before = await roomState(h.hackathon.id);
    const credential: fc.Arbitrary<Record<string, string>> = fc.oneof(
      weirdHeaderValue.map((v) => ({ authorization: v })),
      fc.constantFrom<Record<string, string>>(
        { authorization: `Bearer ${h.viewer_token}` },
        { authorization: `Basic ${h.ingest_token}` },
        {},
      ),
    );
    await fc.assert(
      fc.asyncProperty(signal, encoding, credential, async (which, as, headers) => {
        const response = await postOtlp(h.hackathon.id, which, validTraces(as), { token: null, encoding: as, headers });
        expect([401, 403], `${excerpt(headers)} → ${response.status}`).toContain(response.status);
        await statusAnswer(response);
      }),
      fuzzRuns(40),
    );
    expect(await roomState(h.hackathon.id)).toEqual(before);
  });
});
