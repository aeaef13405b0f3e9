import type { MaintenanceWindow } from "$contract";

/** The window in force at `now` as the server last described it; one whose end has passed no longer counts. */
export function activeWindow(windows: readonly MaintenanceWindow[], now: number): MaintenanceWindow | null {
  return windows.find((w) => w.status === "active" && Date.parse(w.ends_at) > now) ?? null;
}

/** When the list next changes by the clock alone (a window starts or ends), or null; the reader reads again then. */
export function nextMaintenanceChange(windows: readonly MaintenanceWindow[], now: number): number | null {
  const moments = windows.flatMap((w) => {
    if (w.status === "scheduled") return [Date.parse(w.starts_at)];
    if (w.status === "active") return [Date.parse(w.ends_at)];
    return [];
  });
  const upcoming = moments.filter((at) => Number.isFinite(at) && at > now);
  return upcoming.length > 0 ? Math.min(...upcoming) : null;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** A `datetime-local` input value (the viewer's zone, minutes) for an instant. */
export function toLocalInput(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The ISO instant of a `datetime-local` value, read in the viewer's zone; null when empty or invalid. */
export function fromLocalInput(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(year, month - 1, day, hour, minute, second);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
