import type { PublicIncident, PublicMaintenance, PublicStatus } from "../contract";
import type { Markup } from "./escape";
import { html } from "./escape";
import { SOURCE_LABELS, formatUtc } from "./labels";

function entrySummary(incident: PublicIncident): string {
  const affects = incident.sources.length ? ` affecting ${incident.sources.map((s) => SOURCE_LABELS[s].toLowerCase()).join(", ")}` : "";
  const opened = `opened ${formatUtc(incident.opened_at)}`;
  const end = incident.resolved_at ? `, resolved ${formatUtc(incident.resolved_at)}` : ", still open";
  return `${incident.summary}${affects}: ${opened}${end}.`;
}

/** A planned window is news when announced, and again when it starts. */
function maintenanceEntry(window: PublicMaintenance, hackathonId: string, page: string): Markup {
  const updated = window.status === "active" ? window.starts_at : window.created_at;
  const when = `${formatUtc(window.starts_at)} to ${formatUtc(window.ends_at)}`;
  return html`<entry>
<id>urn:pitwall:${hackathonId}:${window.id}</id>
<title>Maintenance: ${window.title}${window.status === "active" ? " (in progress)" : " (scheduled)"}</title>
<published>${window.created_at}</published>
<updated>${updated}</updated>
<link rel="alternate" type="text/html" href="${page}#${window.id}"/>
<summary>Planned maintenance ${when}.</summary>
</entry>
`;
}

/** The incidents and planned maintenance of a public hackathon as an Atom 1.0 feed; `origin` makes its links absolute. */
export function renderFeed(status: PublicStatus, origin: string): string {
  const page = `${origin}/status/${status.id}`;
  const changes = [
    ...status.incidents.map((i) => i.updated_at),
    ...status.maintenance.map((m) => (m.status === "active" ? m.starts_at : m.created_at)),
  ];
  // ISO-8601 UTC stamps sort as text.
  const updated = [status.starts_at, ...changes].sort().at(-1) ?? status.starts_at;
  const maintenance = status.maintenance.map((window) => maintenanceEntry(window, status.id, page));
  const incidents = status.incidents.map(
    (incident) => html`<entry>
<id>urn:pitwall:${status.id}:${incident.id}</id>
<title>${incident.summary}${incident.status === "open" ? " (ongoing)" : " (resolved)"}</title>
<published>${incident.opened_at}</published>
<updated>${incident.updated_at}</updated>
<link rel="alternate" type="text/html" href="${page}#${incident.id}"/>
<summary>${entrySummary(incident)}</summary>
</entry>
`,
  );
  return html`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<id>urn:pitwall:${status.id}</id>
<title>${status.name}: incidents</title>
<updated>${updated}</updated>
<author><name>Pitwall</name></author>
<link rel="self" type="application/atom+xml" href="${page}/feed.atom"/>
<link rel="alternate" type="text/html" href="${page}"/>
${maintenance}${incidents}</feed>
`.html;
}
