/**
 * CSV (RFC 4180) built in the browser, the same way the Worker's exports are (worker/src/lib/csv.ts,
 * which the web app may not import): a header row, CRLF line ends, fields quoted when they need it,
 * and text a spreadsheet would run as a formula (=, +, -, @, tab, CR first) led by an apostrophe,
 * since senders choose descriptions and service names.
 */
export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value !== "string") return String(value);
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvText(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  let text = `${header.map(csvField).join(",")}\r\n`;
  for (const row of rows) text += `${row.map(csvField).join(",")}\r\n`;
  return text;
}
