/**
 * CSV (RFC 4180) for exports: a header row, CRLF line ends, fields quoted when they need it.
 * Text that a spreadsheet would run as a formula (=, +, -, @ first) gets a leading
 * apostrophe: webhook senders choose service names and descriptions, and an export must
 * not become a way to run formulas on an organiser's machine.
 */
export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
const ROWS_PER_CHUNK = 500;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value !== "string") return String(value);
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export const csvLine = (fields: readonly CsvValue[]) => `${fields.map(csvField).join(",")}\r\n`;

/** A streamed CSV download: the header row first, then the rows in chunks as the client reads. */
export function csvResponse(filename: string, header: readonly string[], rows: Iterable<readonly CsvValue[]>): Response {
  const encoder = new TextEncoder();
  const iterator = rows[Symbol.iterator]();
  let headerSent = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      let chunk = headerSent ? "" : csvLine(header);
      headerSent = true;
      for (let i = 0; i < ROWS_PER_CHUNK; i++) {
        const next = iterator.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += csvLine(next.value);
      }
      controller.enqueue(encoder.encode(chunk));
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
    },
  });
}

/** Whether a request asks for CSV: `?format=csv`, or an Accept header that prefers text/csv. */
export function wantsCsv(request: Request): boolean {
  const format = new URL(request.url).searchParams.get("format");
  if (format !== null) return format.toLowerCase() === "csv";
  const accept = request.headers.get("accept") ?? "";
  return /(^|,)\s*text\/csv/i.test(accept) && !/(^|,)\s*application\/json/i.test(accept);
}
