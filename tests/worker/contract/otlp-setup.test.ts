import { describe, expect, it } from "vitest";
import { otlpExporterEnv, otlpExporterEnvLines } from "../../../worker/src/contract";

/** How the OTel SDKs read OTEL_EXPORTER_OTLP_HEADERS: `key=value` pairs, comma-separated, values percent-decoded. */
function headersAsSdksReadThem(value: string): Record<string, string> {
  return Object.fromEntries(
    value.split(",").map((pair) => {
      const at = pair.indexOf("=");
      return [decodeURIComponent(pair.slice(0, at)), decodeURIComponent(pair.slice(at + 1))];
    }),
  );
}

describe("otlpExporterEnv", () => {
  const input = { origin: "https://pitwall.example.com", hackathonId: "my-hack", ingestToken: "pwi_abc-DEF_123" };

  it("gives the endpoint, the bearer header with its space as %20, and http/protobuf", () => {
    expect(otlpExporterEnvLines(input)).toEqual([
      "OTEL_EXPORTER_OTLP_ENDPOINT=https://pitwall.example.com/otlp/my-hack",
      "OTEL_EXPORTER_OTLP_HEADERS=Authorization=Bearer%20pwi_abc-DEF_123",
      "OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
    ]);
  });

  it("drops a trailing slash from the origin, so the SDK's appended /v1/traces lands on the route", () => {
    const [endpoint] = otlpExporterEnv({ ...input, origin: "http://127.0.0.1:8787/" });
    expect(endpoint!.value).toBe("http://127.0.0.1:8787/otlp/my-hack");
  });

  it("prefixes `export ` for a shell when asked", () => {
    expect(otlpExporterEnvLines(input, { exportPrefix: true })[0]).toBe(
      "export OTEL_EXPORTER_OTLP_ENDPOINT=https://pitwall.example.com/otlp/my-hack",
    );
  });

  it("encodes every character a shell or the header format would take apart, and decodes back to the token", () => {
    const token = "pwi_a b,c=d;e'f(g)h*i!j%k+l";
    const headers = otlpExporterEnv({ ...input, ingestToken: token }).find((v) => v.name === "OTEL_EXPORTER_OTLP_HEADERS")!.value;
    expect(headers).toMatch(/^[A-Za-z0-9\-._~%=]+$/);
    expect(headersAsSdksReadThem(headers)).toEqual({ Authorization: `Bearer ${token}` });
  });
});
