import { sign } from "@octokit/webhooks-methods";
import { runInDurableObject } from "cloudflare:test";
import { api } from "../../../helpers/api";
import { roomOf } from "../../../helpers/rooms";

type DeliveryOptions = { delivery?: string; secret?: string; form?: boolean; headers?: Record<string, string> };

/** GitHub's delivery headers for `body`, signed with GitHub's own method (`@octokit/webhooks-methods`). */
export async function githubHeaders(secret: string, body: string, event: string, options: DeliveryOptions = {}) {
  return {
    "content-type": options.form ? "application/x-www-form-urlencoded" : "application/json",
    "user-agent": "GitHub-Hookshot/test",
    "x-github-event": event,
    "x-github-delivery": options.delivery ?? crypto.randomUUID(),
    "x-hub-signature-256": await sign(secret, body),
    ...options.headers,
  };
}

export function sendGithub(hackathonId: string, body: string, headers: Record<string, string>) {
  return api(`/webhooks/${hackathonId}/github`, { method: "POST", token: null, body, headers });
}

/** Delivers `payload` as GitHub would: JSON (or a `payload=` form), signed with the hackathon's secret. */
export async function deliver(hackathonId: string, secret: string, event: string, payload: unknown, options: DeliveryOptions = {}) {
  const json = JSON.stringify(payload);
  const body = options.form ? new URLSearchParams({ payload: json }).toString() : json;
  return sendGithub(hackathonId, body, await githubHeaders(options.secret ?? secret, body, event, options));
}

export type StoredTask = {
  id: string;
  title: string;
  status: string;
  weight: number;
  estimated_hours: number | null;
  depends_on: string[];
};

/** The hackathon's task board as its object stores it. */
export function tasksOf(hackathonId: string): Promise<StoredTask[]> {
  return runInDurableObject(roomOf(hackathonId), (_, state) =>
    state.storage.sql
      .exec<Omit<StoredTask, "depends_on"> & { depends_on: string }>(
        "SELECT id, title, status, weight, estimated_hours, depends_on FROM tasks ORDER BY id",
      )
      .toArray()
      .map((row) => ({ ...row, depends_on: JSON.parse(row.depends_on) as string[] })),
  );
}

/** A minimal `issues` payload with the fields GitHub always sends for an issue. */
export function issuesPayload(action: string, issue: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    action,
    issue: {
      number: 12,
      title: "Wire the API",
      state: "open",
      labels: [],
      assignee: null,
      assignees: [],
      body: null,
      updated_at: "2026-11-27T10:00:00Z",
      ...issue,
    },
    repository: { full_name: "acme/hack" },
    sender: { login: "ada" },
    ...extra,
  };
}
