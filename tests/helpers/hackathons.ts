import { HackathonCredentialsSchema, type HackathonCredentials } from "../../worker/src/contract";
import { apiJson } from "./api";

export function uniqueHackathonId(prefix = "hk"): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
}

/** Creates a fresh hackathon through the admin API; every test gets its own. */
export async function createHackathon(overrides: Record<string, unknown> = {}): Promise<HackathonCredentials> {
  const { status, body } = await apiJson("/api/hackathons", {
    method: "POST",
    json: {
      id: uniqueHackathonId(),
      name: "Test Hack",
      budget: { amount: 1000 },
      starts_at: new Date(Date.now() - 3_600_000).toISOString(),
      ends_at: new Date(Date.now() + 23 * 3_600_000).toISOString(),
      ...overrides,
    },
  });
  if (status !== 201) throw new Error(`create failed: ${status} ${JSON.stringify(body)}`);
  return HackathonCredentialsSchema.parse(body);
}
