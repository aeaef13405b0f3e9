import { otlpExporterEnv, otlpExporterEnvLines } from "$contract";

/** Stands in the lines for the ingest token, which the dashboard never holds (it is shown once, at create or rotate). */
export const INGEST_TOKEN_PLACEHOLDER = "<ingest_token>";
// Percent-encoding would turn the placeholder's brackets into %3C…%3E; this passes through unchanged.
const SENTINEL = "INGEST-TOKEN-GOES-HERE";

/** The endpoint a team's OpenTelemetry SDK exports to: the SDK appends /v1/traces and /v1/metrics. */
export function otlpEndpoint(origin: string, hackathonId: string): string {
  const variables = otlpExporterEnv({ origin, hackathonId, ingestToken: SENTINEL });
  return variables.find(({ name }) => name === "OTEL_EXPORTER_OTLP_ENDPOINT")?.value ?? "";
}

/**
 * The shell lines a team pastes, as docs/integrations.md prints them: the exporter variables with
 * the token left for the organiser to fill in, and the service name that becomes "tokens by service".
 */
export function otlpSetupText(origin: string, hackathonId: string): string {
  const exporter = otlpExporterEnvLines({ origin, hackathonId, ingestToken: SENTINEL }, { exportPrefix: true });
  const lines = [...exporter, "export OTEL_SERVICE_NAME=<your-service>"];
  return lines.map((line) => line.replace(SENTINEL, INGEST_TOKEN_PLACEHOLDER)).join("\n");
}
