import { expect } from "vitest";
import { type PublicStatus, PublicStatusSchema } from "../../worker/src/contract";
import { api, apiJson } from "./api";
import { assertWellFormedXml } from "./xml";

type Listed = { id: string; status: string };

/** What each of the four public views of one hackathon says, read back from its own format. */
export type PublicViews = {
  json: PublicStatus;
  badge: { state: string };
  page: { state: string; incidents: Listed[]; saysNoIncidents: boolean; budgetLevel: string; budgetText: string };
  feed: { entries: Array<{ id: string; title: string }> };
};

/** Each read comes from its own client address, so the public rate limit never sees many reads as one client. */
let reads = 0;
const nextClient = () => {
  reads += 1;
  return { "cf-connecting-ip": `10.${(reads >> 16) & 255}.${(reads >> 8) & 255}.${reads & 255}` };
};

async function text(path: string, headers: Record<string, string>): Promise<string> {
  const response = await api(path, { token: null, headers });
  expect(response.status, path).toBe(200);
  return response.text();
}

const one = (source: string, pattern: RegExp, what: string): string => {
  const match = source.match(pattern);
  if (!match) throw new Error(`no ${what} in:\n${source.slice(0, 2000)}`);
  return match[1]!;
};

/** The incident list of the page: the items inside its incidents block (maintenance has its own). */
function pageIncidents(page: string): Listed[] {
  const block = one(page, /<div data-field="incidents">([\s\S]*?)<\/div>\n<\/section>/, "incidents block");
  return [...block.matchAll(/<li id="([^"]+)" data-status="([^"]+)">/g)].map((m) => ({ id: m[1]!, status: m[2]! }));
}

function feedEntries(feed: string, hackathonId: string): Array<{ id: string; title: string }> {
  assertWellFormedXml(feed);
  return [...feed.matchAll(/<entry>\n<id>urn:pitwall:([^<]+)<\/id>\n<title>([^<]*)<\/title>/g)].map((m) => {
    expect(m[1]!.startsWith(`${hackathonId}:`)).toBe(true);
    return { id: m[1]!.slice(hackathonId.length + 1), title: m[2]! };
  });
}

/** Fetches `/api/public/:id/status`, the page, the badge and the feed, and parses each. */
export async function readPublicViews(hackathonId: string): Promise<PublicViews> {
  const headers = nextClient();
  const { status, body } = await apiJson(`/api/public/${hackathonId}/status`, { token: null, headers });
  expect(status).toBe(200);
  const json = PublicStatusSchema.parse(body);
  const [page, badge, feed] = await Promise.all([
    text(`/status/${hackathonId}`, headers),
    text(`/status/${hackathonId}/badge.svg`, headers),
    text(`/status/${hackathonId}/feed.atom`, headers),
  ]);
  assertWellFormedXml(badge);
  return {
    json,
    badge: { state: one(badge, /<title>pitwall: (\w+)<\/title>/, "badge title") },
    page: {
      state: one(page, /<section class="state" data-testid="state" data-state="(\w+)"/, "page state"),
      incidents: pageIncidents(page),
      saysNoIncidents: page.includes('data-field="no-incidents"'),
      budgetLevel: one(page, /<div data-field="budget" data-level="(\w+)">/, "budget level"),
      budgetText: one(page, /<span class="level" id="budget-level" data-field="budget-level">([^<]*)<\/span>/, "budget text"),
    },
    feed: { entries: feedEntries(feed, hackathonId) },
  };
}

/**
 * docs/contract.md section 10: the four views never disagree. The badge and the page say the
 * JSON's state; the page and the feed list exactly its incidents (the feed also its maintenance);
 * "incident" exactly when one is open, maintenance or not; "maintenance" while a window is active
 * and nothing is open (the window is listed either way).
 */
export function expectViewsAgree(views: PublicViews): void {
  const { json, badge, page, feed } = views;
  const open = json.incidents.filter((i) => i.status === "open");
  const inMaintenance = json.maintenance.some((m) => m.status === "active");
  expect(badge.state).toBe(json.state);
  expect(page.state).toBe(json.state);
  expect(json.state === "incident").toBe(open.length > 0);
  expect(json.state === "maintenance").toBe(inMaintenance && open.length === 0);
  expect(page.incidents).toEqual(json.incidents.map(({ id, status }) => ({ id, status })));
  expect(page.saysNoIncidents).toBe(json.incidents.length === 0);
  expect(page.budgetLevel).toBe(json.budget_level);
  const incidentEntries = feed.entries.filter((e) => !e.title.startsWith("Maintenance: "));
  expect(incidentEntries.map((e) => e.id).sort()).toEqual(json.incidents.map((i) => i.id).sort());
  expect(
    incidentEntries
      .filter((e) => e.title.endsWith("(ongoing)"))
      .map((e) => e.id)
      .sort(),
  ).toEqual(open.map((i) => i.id).sort());
  expect(feed.entries.length - incidentEntries.length).toBe(json.maintenance.length);
}
