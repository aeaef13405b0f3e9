import { closeTab, openTab, renameTab, restoreTabs, saveTabs, tabAfterClosing, type OpenTab } from "./tab-list";

/** The hackathons open as tabs in this browser, restored from and saved to `storage`. */
export class OpenTabs {
  list = $state.raw<OpenTab[]>([]);

  constructor(private readonly storage: Storage) {
    this.list = restoreTabs(storage);
  }

  open(id: string, name: string | null = null): void {
    this.update(openTab(this.list, id, name));
  }

  rename(id: string, name: string): void {
    this.update(renameTab(this.list, id, name));
  }

  /** Closes a tab and returns the tab to show instead if it was the active one (null: the overview). */
  close(id: string): string | null {
    const next = tabAfterClosing(this.list, id);
    this.update(closeTab(this.list, id));
    return next;
  }

  private update(next: OpenTab[]): void {
    const changed =
      next.length !== this.list.length || next.some((tab, i) => tab.id !== this.list[i]?.id || tab.name !== this.list[i]?.name);
    if (!changed) return;
    this.list = next;
    saveTabs(this.storage, next);
  }
}

let shared: OpenTabs | null = null;

/** The app's one tab list (the app is client-only, so module state belongs to one viewer). */
export function openTabs(): OpenTabs {
  shared ??= new OpenTabs(localStorage);
  return shared;
}
