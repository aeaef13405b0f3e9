// Types for the demo simulator's OTLP side, so TypeScript tests can send what it sends.
type TokenCall = { id: string; ts: string; model: string; input_tokens: number; output_tokens: number };
/** An OTLP/JSON span (lowerCamelCase fields, hex ids, int64 as decimal strings). */
export type OtlpJsonSpan = Record<string, unknown>;
export function spanOfTokenEvent(event: TokenCall): OtlpJsonSpan;
/** An OTLP/JSON ExportTraceServiceRequest. */
export function tracesExport(events: TokenCall[], options: { serviceName: string }): { resourceSpans: unknown[] };
