import { MaintenanceListSchema, MaintenanceResultSchema, type MaintenanceCreate, type MaintenanceWindow } from "$contract";
import type { ApiClient } from "./client";
import { hackathonPath } from "./hackathons";

function maintenancePath(id: string): string {
  return `${hackathonPath(id)}/maintenance`;
}

/** The hackathon's maintenance windows, latest start first (any viewer may read them). */
export async function listMaintenance(api: ApiClient, id: string): Promise<MaintenanceWindow[]> {
  return (await api.get(maintenancePath(id), MaintenanceListSchema)).maintenance;
}

/** Plans a window (an operator or the admin; the server records who); without `starts_at` it starts now. */
export async function planMaintenance(api: ApiClient, id: string, input: MaintenanceCreate): Promise<MaintenanceWindow> {
  return (await api.post(maintenancePath(id), MaintenanceResultSchema, input)).maintenance;
}

/** Ends an active window, or cancels a scheduled one, now (an operator or the admin). */
export async function endMaintenance(api: ApiClient, id: string, windowId: string): Promise<MaintenanceWindow> {
  return (await api.delete(`${maintenancePath(id)}/${encodeURIComponent(windowId)}`, MaintenanceResultSchema)).maintenance;
}
