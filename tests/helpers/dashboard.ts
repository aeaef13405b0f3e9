import { DashboardStateSchema, type DashboardState } from "../../worker/src/contract";
import { apiJson, parseAnswer } from "./api";

/** The dashboard as `token` (the admin's by default) reads it, held to the contract. */
export async function readDashboard(hackathonId: string, token?: string): Promise<DashboardState> {
  const { status, body } = await apiJson(`/api/hackathons/${hackathonId}/dashboard`, { token });
  if (status !== 200) throw new Error(`dashboard ${hackathonId}: ${status} ${JSON.stringify(body)}`);
  return parseAnswer(DashboardStateSchema, body);
}
