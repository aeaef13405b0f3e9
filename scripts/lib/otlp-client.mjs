// Sends OTLP/JSON trace exports to POST /otlp/:id/v1/traces with the hackathon's ingest token,
// as an OpenTelemetry SDK configured by OTEL_EXPORTER_OTLP_ENDPOINT and _HEADERS does.

/**
 * @param {{ url: string, hackathonId: string, ingestToken: string }} options
 * @returns {(request: object, options?: { timeoutMs?: number }) =>
 *   Promise<{ status: number, body: any, retryAfter: string | null }>}
 *   body: the ExportTraceServiceResponse (`{}`, or `{ partialSuccess: { rejectedSpans, errorMessage } }`)
 *   or, on a refusal, a google.rpc.Status (`{ code, message }`).
 */
export function createOtlpTraceSender({ url, hackathonId, ingestToken }) {
  const endpoint = `${url}/otlp/${encodeURIComponent(hackathonId)}/v1/traces`;
  return async function send(request, { timeoutMs } = {}) {
    const response = await fetch(endpoint, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${ingestToken}` },
      body: JSON.stringify(request),
      signal: timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined,
    });
    const text = await response.text();
    let parsed;
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      parsed = text;
    }
    return { status: response.status, body: parsed, retryAfter: response.headers.get("retry-after") };
  };
}
