import type { PublicIncident, PublicStatus } from "../contract";
import { html } from "./escape";
import { SOURCE_LABELS, formatUtc } from "./labels";

function entrySummary(incident: PublicIncident): string {
  const affects = incident.sources.length ? ` affecting ${incident.sources.map((s) => SOURCE_LABELS[s].toLowerCase()).join(", ")}` : "";
  const opened = `opened ${formatUtc(incident.opened_at)}`;
  const end = incident.resolved_at ? `, resolved ${formatUtc(incident.resolved_at)}` : ", still open";
  return `${incident.summary}${affects}: ${opened}${end}.`;
}

/** The incidents of a public hackathon as an Atom 1.0 feed; `origin` makes its links absolute. */
export function renderFeed(status: PublicStatus, origin: string): string {
  const page = `${origin}/status/${status.id}`;
  const updated = status.incidents.reduce((latest, i) => (i.updated_at > latest ? i.updated_at : latest), status.starts_at);
  const entries = status.incidents.map(
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
${entries}</feed>
`.html;
}
