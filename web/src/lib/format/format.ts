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

/** The calendar day of `at` in the viewer's (or the given) zone, as whole days since 1970. */
function dayNumber(at: Date, opts: FormatOptions): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    year: "numeric",
    month: "numeric",
    day: "numeric",
    timeZone: opts.timeZone,
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 1);
  return Date.UTC(part("year"), part("month") - 1, part("day")) / 86_400_000;
}

/**
 * A moment as briefly as it reads unambiguously from `now`: the time alone today ("14:20"), with the
 * weekday within the week either side ("Sun 02:00"), with the date beyond ("Sun 6 Dec, 02:00").
 */
export function formatMoment(at: string | Date | null, now: Date, opts: FormatOptions = {}): string {
  if (at === null) return EMPTY;
  const date = typeof at === "string" ? new Date(at) : at;
  if (Number.isNaN(date.getTime())) return EMPTY;
  const days = Math.abs(dayNumber(date, opts) - dayNumber(now, opts));
  // A 24-hour clock reads "02:00", a 12-hour one "2:00 AM" (Intl pads the first only sometimes).
  const { hourCycle } = new Intl.DateTimeFormat(opts.locale, { hour: "numeric" }).resolvedOptions();
  const hour = hourCycle === "h23" || hourCycle === "h24" ? "2-digit" : "numeric";
  const time: Intl.DateTimeFormatOptions = { hour, minute: "2-digit", timeZone: opts.timeZone };
  const day: Intl.DateTimeFormatOptions =
    days === 0 ? {} : days < 7 ? { weekday: "short" } : { weekday: "short", day: "numeric", month: "short" };
  return new Intl.DateTimeFormat(opts.locale, { ...day, ...time }).format(date);
}

/** A span of hours as people say it: minutes under an hour, hours to one decimal, days past 100 h. */
export function formatHours(hours: number, opts: FormatOptions = {}): string {
  const size = Math.abs(hours);
  if (size < 1) return `${formatNumber(Math.round(size * 60), opts)} min`;
  if (size < 100) return `${formatNumber(size, { ...opts, digits: 1 })} h`;
  return `${formatNumber(size / 24, { ...opts, digits: 1 })} days`;
}
