/** docs/contract.md section 4's metric-name rule. */
const METRIC_NAME = /^[a-z][a-z0-9_.]{0,63}$/;
const MAX_LENGTH = 64;

/**
 * An OTel instrument name in the metric-name rule: lowercased, any other character (OTel allows
 * `-`, `/` and capitals) becomes `_`, a name not starting with a letter gets `m_` before it, and
 * the result is cut to 64 characters. `suffix` (such as `.count`) is kept whole at the end.
 * Null when nothing usable is left.
 */
export function metricName(otelName: string, suffix = ""): string | null {
  let name = otelName.toLowerCase().replace(/[^a-z0-9_.]/g, "_");
  if (name === "") return null;
  if (!/^[a-z]/.test(name)) name = `m_${name}`;
  name = name.slice(0, MAX_LENGTH - suffix.length) + suffix;
  return METRIC_NAME.test(name) ? name : null;
}
