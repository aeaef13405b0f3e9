/** One hackathon open as a tab; `name` is shown once its dashboard has loaded. */
export interface OpenTab {
  id: string;
  name: string | null;
}

export const TABS_STORAGE_KEY = "pitwall.tabs";

/** Adds a tab at the end, or leaves the list as it is when the hackathon is already open. */
export function openTab(tabs: readonly OpenTab[], id: string, name: string | null = null): OpenTab[] {
  const existing = tabs.find((tab) => tab.id === id);
  if (existing) {
    return name && existing.name !== name ? tabs.map((tab) => (tab.id === id ? { id, name } : tab)) : [...tabs];
  }
  return [...tabs, { id, name }];
}

export function closeTab(tabs: readonly OpenTab[], id: string): OpenTab[] {
  return tabs.filter((tab) => tab.id !== id);
}

/** Where to go after closing `id`: its right neighbour, else its left one, else the overview (null). */
export function tabAfterClosing(tabs: readonly OpenTab[], id: string): string | null {
  const index = tabs.findIndex((tab) => tab.id === id);
  if (index < 0) return null;
  return (tabs[index + 1] ?? tabs[index - 1])?.id ?? null;
}

export function renameTab(tabs: readonly OpenTab[], id: string, name: string): OpenTab[] {
  return tabs.some((tab) => tab.id === id && tab.name !== name) ? tabs.map((tab) => (tab.id === id ? { id, name } : tab)) : [...tabs];
}

// Storage can throw (disabled cookies, private windows) and may hold anything: tabs then last for the page only.
export function saveTabs(storage: Storage, tabs: readonly OpenTab[]): void {
  try {
    storage.setItem(TABS_STORAGE_KEY, JSON.stringify(tabs));
  } catch {
    /* see above */
  }
}

/** The stored tabs, dropping malformed entries and duplicates (the first one wins). */
export function restoreTabs(storage: Storage): OpenTab[] {
  let raw: unknown;
  try {
    raw = JSON.parse(storage.getItem(TABS_STORAGE_KEY) ?? "[]");
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  let tabs: OpenTab[] = [];
  for (const entry of raw) {
    if (typeof entry !== "object" || entry === null) continue;
    const { id, name } = entry as Record<string, unknown>;
    if (typeof id !== "string" || id === "") continue;
    if (!tabs.some((tab) => tab.id === id)) tabs = openTab(tabs, id, typeof name === "string" ? name : null);
  }
  return tabs;
}
