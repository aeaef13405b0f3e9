/**
 * What a team sets so that an OpenTelemetry SDK exports to a hackathon (docs/contract.md
 * section 11). Pure, with no imports, so the dashboard and console can show the same lines
 * the docs print.
 */

export const OTLP_ENV_NAMES = ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_PROTOCOL"] as const;
export type OtlpEnvName = (typeof OTLP_ENV_NAMES)[number];
export type OtlpEnvVar = { name: OtlpEnvName; value: string };

export type OtlpSetupInput = {
  /** Where Pitwall is served, e.g. `https://pitwall.example.com` (a trailing `/` is dropped). */
  origin: string;
  hackathonId: string;
  ingestToken: string;
};

/**
 * The exporter variables, in the order a team pastes them. The SDKs append `/v1/traces` and
 * `/v1/metrics` to the endpoint themselves. The headers variable uses the W3C Baggage format
 * the OTLP exporter specification names, whose values are percent-encoded: the space after
 * `Bearer` is `%20` (SDKs decode it; Python's refuses a raw space). `http/protobuf` because
 * every SDK speaks it and Pitwall serves no gRPC.
 */
export function otlpExporterEnv({ origin, hackathonId, ingestToken }: OtlpSetupInput): OtlpEnvVar[] {
  const base = origin.replace(/\/+$/, "");
  return [
    { name: "OTEL_EXPORTER_OTLP_ENDPOINT", value: `${base}/otlp/${encodeURIComponent(hackathonId)}` },
    { name: "OTEL_EXPORTER_OTLP_HEADERS", value: `Authorization=${percentEncode(`Bearer ${ingestToken}`)}` },
    { name: "OTEL_EXPORTER_OTLP_PROTOCOL", value: "http/protobuf" },
  ];
}

/**
 * RFC 3986 percent-encoding, `!'()*` included: what is left ([A-Za-z0-9-._~%]) needs no
 * quoting in a shell or a `.env` file, and every SDK's decoder reads it back unchanged.
 */
function percentEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The same variables as `NAME=value` lines, ready to copy into a shell (`export ...`) or a `.env` file. */
export function otlpExporterEnvLines(input: OtlpSetupInput, { exportPrefix = false } = {}): string[] {
  return otlpExporterEnv(input).map(({ name, value }) => `${exportPrefix ? "export " : ""}${name}=${value}`);
}
