// Types for the demo simulator's streams, so TypeScript tests can replay them.
export type SimulatedEvent = { id: string; ts: string; type: "cost" | "token" | "metric"; [field: string]: unknown };
export function incidentAt(seed: string, at: number): { model: string; factor: number } | null;
export function streamEventsBetween(seed: string, from: number, to: number, only?: string[] | null): SimulatedEvent[];
export function costBetween(seed: string, from: number, to: number): number;
/** The team service whose token calls the simulator sends as OTLP spans (the others are webhooks). */
export const OTLP_TOKEN_SERVICE: string;
export function providerOf(model: string): string | undefined;
