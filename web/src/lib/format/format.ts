/** Display formatting in the viewer's locale and time zone; tests pin both through `opts`. */
export interface FormatOptions {
  locale?: string;
  timeZone?: string;
}

const EMPTY = "—";

function numberFormat(options: Intl.NumberFormatOptions, opts: FormatOptions): Intl.NumberFormat {
  return new Intl.NumberFormat(opts.locale, options);
}

function currencyFormat(value: number, currency: string, extra: Intl.NumberFormatOptions, opts: FormatOptions) {
  try {
    return numberFormat({ style: "currency", currency, ...extra }, opts).format(value);
  } catch {
    // An unknown currency code must not take the dashboard down: show the number and the code.
    return `${numberFormat({ maximumFractionDigits: 6 }, opts).format(value)} ${currency}`;
  }
}

export function formatMoney(value: number, currency: string, opts: FormatOptions = {}): string {
  return currencyFormat(value, currency, {}, opts);
}

/** For tiny amounts such as cost per token: three significant digits instead of cents. */
export function formatUnitPrice(value: number, currency: string, opts: FormatOptions = {}): string {
  const tiny = value !== 0 && Math.abs(value) < 0.01;
  return currencyFormat(value, currency, tiny ? { maximumSignificantDigits: 3 } : {}, opts);
}

/** `value` is already a percentage (0..100), as percent_complete is. */
export function formatPercent(value: number, opts: FormatOptions = {}): string {
  return numberFormat({ style: "percent", maximumFractionDigits: 1 }, opts).format(value / 100);
}

/** `fraction` is 0..1 (or beyond, when over budget). */
export function formatFraction(fraction: number, opts: FormatOptions = {}): string {
  return formatPercent(fraction * 100, opts);
}

export function formatNumber(value: number, opts: FormatOptions & { digits?: number } = {}): string {
  return numberFormat({ maximumFractionDigits: opts.digits ?? 0 }, opts).format(value);
}

export function formatDateTime(iso: string | null, opts: FormatOptions = {}): string {
  if (!iso || Number.isNaN(Date.parse(iso))) return EMPTY;
  return new Intl.DateTimeFormat(opts.locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: opts.timeZone,
  }).format(new Date(iso));
}

export function formatClock(at: Date | string | null, opts: FormatOptions = {}): string {
  if (at === null) return EMPTY;
  const date = typeof at === "string" ? new Date(at) : at;
  if (Number.isNaN(date.getTime())) return EMPTY;
  return new Intl.DateTimeFormat(opts.locale, { timeStyle: "medium", timeZone: opts.timeZone }).format(date);
}

/** The exact UTC time of an ISO timestamp, for a `title` beside a time shown in the viewer's zone. */
export function utcTitle(at: Date | string | null): string | undefined {
  if (at === null) return undefined;
  const date = typeof at === "string" ? new Date(at) : at;
  return Number.isNaN(date.getTime()) ? undefined : `${date.toISOString().replace(".000Z", "Z")} UTC`;
}
