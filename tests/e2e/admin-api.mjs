// The admin calls the browser checks need, against a running local server.
import { randomBytes } from "node:crypto";

export async function createHackathon({ url, adminToken, overrides = {} }) {
  const now = Date.now();
  const body = {
    id: `e2e-${randomBytes(4).toString("hex")}`,
    name: "E2E Jam",
    budget: { amount: 1000, currency: "USD" },
    starts_at: new Date(now - 3_600_000).toISOString(),
    ends_at: new Date(now + 23 * 3_600_000).toISOString(),
    ...overrides,
  };
  const response = await fetch(`${url}/api/hackathons`, {
    method: "POST",
    headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`POST /api/hackathons answered ${response.status}: ${text}`);
  return JSON.parse(text);
}
