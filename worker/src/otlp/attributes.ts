import type { KeyValue } from "./gen/opentelemetry/proto/common/v1/common_pb";

export type Scalar = string | number | boolean;

/**
 * An attribute list as a map of its scalar values (strings, booleans, and int64s as numbers;
 * arrays, maps and bytes are skipped: no usage attribute is one). A repeated key keeps its last
 * value, as the collector does.
 */
export function attributeMap(attributes: readonly KeyValue[]): Map<string, Scalar> {
  const map = new Map<string, Scalar>();
  for (const { key, value } of attributes) {
    const v = value?.value;
    if (!v) continue;
    if (v.case === "stringValue" || v.case === "boolValue" || v.case === "doubleValue") map.set(key, v.value);
    else if (v.case === "intValue") map.set(key, Number(v.value));
  }
  return map;
}

/** The first of `keys` present as a non-empty string. */
export function stringAttr(map: Map<string, Scalar>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = map.get(key);
    if (typeof value === "string" && value.trim() !== "") return value.trim();
  }
  return undefined;
}

/** The first of `keys` present as a number (or a numeric string: some SDKs send counts as text). */
export function numberAttr(map: Map<string, Scalar>, keys: readonly string[]): number | undefined {
  for (const key of keys) {
    const value = map.get(key);
    const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : Number.NaN;
    if (Number.isFinite(n)) return n;
  }
  return undefined;
}

/** A span's or point's time from OTLP's unix nanoseconds, in ms. */
export const nanosToMs = (nanos: bigint): number => Number(nanos / 1_000_000n);
