import { fromLocalInput, toLocalInput } from "$lib/dashboard/maintenance-state";

/** Form fields hold text; these turn it into what the contract takes, or null when it cannot. */

export const NUMBER_PROBLEM = "Enter a number";
export const DATE_PROBLEM = "Enter a date and time";

/** A number typed into a field; null when blank or not a number. */
export function numberFrom(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

/** A fraction shown as a percentage (0.8 → "80"), without binary noise (0.57 → "57", not "56.99999999999999"). */
export function percentText(fraction: number): string {
  return String(Number((fraction * 100).toPrecision(12)));
}

/** A percentage typed as text, as the fraction the contract stores ("80" → 0.8); null when not a number. */
export function fractionFrom(text: string): number | null {
  const percent = numberFrom(text);
  return percent === null ? null : Number((percent / 100).toPrecision(12));
}

/** An ISO instant as a `datetime-local` value, in the viewer's zone; "" for none. */
export function localInputOf(iso: string | null): string {
  return iso === null ? "" : toLocalInput(Date.parse(iso));
}

export { fromLocalInput, toLocalInput };
