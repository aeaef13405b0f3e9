/**
 * Validators for restoring saved detector state. Each throws with the field's name, so a
 * corrupt row in storage says what was wrong; callers then start the series afresh.
 */

export function fail(reason: string): never {
  throw new Error(`anomaly detector state rejected: ${reason}`);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function finite(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) fail(`${name} must be a finite number`);
  return value;
}

export function count(value: unknown, name: string): number {
  const n = finite(value, name);
  if (!Number.isInteger(n) || n < 0) fail(`${name} must be a non-negative integer`);
  return n;
}

export function nullableFinite(value: unknown, name: string): number | null {
  return value === null ? null : finite(value, name);
}

export function finiteArray(value: unknown, name: string, maxLength: number): number[] {
  if (!Array.isArray(value)) fail(`${name} must be an array`);
  if (value.length > maxLength) fail(`${name} has ${value.length} entries, at most ${maxLength} allowed`);
  return value.map((v, i) => finite(v, `${name}[${i}]`));
}

/** An object field that must be present, for nested parts of the state. */
export function record(value: unknown, name: string): Record<string, unknown> {
  if (!isRecord(value)) fail(`${name} missing`);
  return value;
}
