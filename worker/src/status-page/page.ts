import type { PublicIncident, PublicMaintenance, PublicStatus, SourceName } from "../contract";
import { Markup, html } from "./escape";
import { MODE_LABELS, SOURCE_LABELS, STATE_LABELS, STATE_SENTENCES, budgetLevelText, formatUtc, percentText } from "./labels";
import { STATUS_PAGE_CSS } from "./styles";
import { healthyText, uptimeBars } from "./uptime-bars";

/** A constant of ours, so it goes into <style> unescaped (entities mean nothing there). */
const CSS = new Markup(STATUS_PAGE_CSS);

export const STATUS_SCRIPT_PATH = "/status/assets/status.js";

const HACKATHON_STATUS_LABELS: Record<PublicStatus["status"], string> = {
  active: "Active",
  paused: "Paused",
  completed: "Completed",
  archived: "Archived",
};

/** One line for link previews and search results. */
export function describeStatus(status: PublicStatus): string {
  return `${STATE_SENTENCES[status.state]}. ${percentText(status.percent_complete)} complete, ${percentText(status.budget_used * 100)} of the budget used.`;
}

function incidentItem(incident: PublicIncident): Markup {
  const affects = incident.sources.map((s) => SOURCE_LABELS[s]).join(", ");
  const when =
    incident.status === "open"
      ? html`Open since <time datetime="${incident.opened_at}">${formatUtc(incident.opened_at)}</time>`
      : html`<time datetime="${incident.opened_at}">${formatUtc(incident.opened_at)}</time> to <time datetime="${incident.resolved_at ?? ""}">${formatUtc(incident.resolved_at ?? "")}</time>, resolved`;
  return html`<li id="${incident.id}" data-status="${incident.status}"><h3>${incident.summary}</h3><p>${when}${affects ? html` · affects ${affects}` : html``}</p></li>`;
}

function incidentList(incidents: PublicIncident[]): Markup {
  if (incidents.length === 0) return html`<p data-field="no-incidents">No incidents in the last 7 days.</p>`;
  return html`<ol class="incidents">${incidents.map(incidentItem)}</ol>`;
}

function maintenanceItem(window: PublicMaintenance): Markup {
  const label = window.status === "active" ? "In progress" : "Scheduled";
  return html`<li id="${window.id}" data-status="${window.status}"><h3>${window.title}</h3><p>${label}: <time datetime="${window.starts_at}">${formatUtc(window.starts_at)}</time> to <time datetime="${window.ends_at}">${formatUtc(window.ends_at)}</time></p></li>`;
}

/** Shown only when there is maintenance to announce, so an ordinary page stays short. */
function maintenanceSection(windows: PublicMaintenance[]): Markup {
  return html`<section aria-labelledby="maintenance-heading" data-field="maintenance-section"${windows.length === 0 ? html` hidden` : html``}>
<h2 id="maintenance-heading">Maintenance</h2>
<ol class="incidents" data-field="maintenance">${windows.map(maintenanceItem)}</ol>
</section>`;
}

/** Coloured by the hackathon's budget thresholds (styles.ts), and said in words beside the figure. */
function budgetFigure(status: PublicStatus): Markup {
  return html`<div data-field="budget" data-level="${status.budget_level}"><dt id="budget-label">Budget used</dt><dd><span data-field="budget-used">${percentText(status.budget_used * 100)}</span><span class="level" id="budget-level" data-field="budget-level">${budgetLevelText(status)}</span><progress data-field="budget-used-bar" max="100" value="${Math.min(100, status.budget_used * 100)}" aria-labelledby="budget-label" aria-describedby="budget-level"></progress></dd></div>`;
}

function sourceItem(source: SourceName, status: PublicStatus): Markup {
  const data = status.sources[source];
  return html`<li data-source="${source}" data-mode="${data.mode}"><h3>${SOURCE_LABELS[source]}</h3><p><span data-field="mode">${MODE_LABELS[data.mode]}</span> · <span data-field="healthy">${healthyText(data.healthy_share)}</span></p>${uptimeBars(source, data)}</li>`;
}

/** The whole status page: everything a visitor, a link preview or a crawler needs is in the HTML. */
export function renderStatusPage(status: PublicStatus, pageUrl: string): string {
  const title = `${status.name} status: ${STATE_LABELS[status.state]}`;
  const description = describeStatus(status);
  const base = `/status/${status.id}`;
  const sources = (Object.keys(status.sources) as SourceName[]).map((s) => sourceItem(s, status));
  const head = html`<title>${title}</title>
<meta name="description" content="${description}">
<meta property="og:type" content="website">
<meta property="og:site_name" content="Pitwall">
<meta property="og:title" content="${title}">
<meta property="og:description" content="${description}">
<meta property="og:url" content="${pageUrl}">
<meta name="twitter:card" content="summary">
<link rel="canonical" href="${pageUrl}">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="alternate" type="application/atom+xml" title="${status.name} incidents" href="${base}/feed.atom">
<style>${CSS}</style>
<script src="${STATUS_SCRIPT_PATH}" defer></script>`;
  return pageShell(
    head,
    status.name,
    html`<main id="status" data-status-api="/api/public/${status.id}/status">
<section class="state" data-testid="state" data-state="${status.state}" aria-labelledby="state-heading" aria-live="polite">
<h2 id="state-heading" class="visually-hidden">Current state</h2>
<p><strong data-field="state-label">${STATE_LABELS[status.state]}</strong>: <span data-field="state-sentence">${STATE_SENTENCES[status.state]}</span></p>
<p class="stale-note" data-field="stale-note" hidden></p>
</section>
${maintenanceSection(status.maintenance)}
<section aria-labelledby="progress-heading">
<h2 id="progress-heading">Progress</h2>
<dl class="figures">
<div><dt>Hackathon</dt><dd data-field="status">${HACKATHON_STATUS_LABELS[status.status]}</dd></div>
<div><dt id="complete-label">Complete</dt><dd><span data-field="percent-complete">${percentText(status.percent_complete)}</span><progress data-field="percent-complete-bar" max="100" value="${Math.min(100, status.percent_complete)}" aria-labelledby="complete-label"></progress></dd></div>
${budgetFigure(status)}
</dl>
</section>
<section aria-labelledby="sources-heading">
<h2 id="sources-heading">Data sources</h2>
<p class="legend">Each column is 1/${Math.max(1, status.sources.cost.uptime.length)} of the hackathon so far:<span class="l-event">live</span><span class="l-idle">quiet</span><span class="l-polling">polling</span><span class="l-degraded">degraded</span></p>
<ul class="sources" data-field="sources">${sources}</ul>
</section>
<section aria-labelledby="incidents-heading">
<h2 id="incidents-heading">Incidents</h2>
<div data-field="incidents">${incidentList(status.incidents)}</div>
</section>
</main>
<footer>
<p>Updated <time data-field="updated" datetime="${status.updated_at}">${formatUtc(status.updated_at)}</time><span data-field="live" hidden> · updates live</span></p>
<p><a href="${base}/feed.atom">Incident feed (Atom)</a> · <a href="${base}/badge.svg">Status badge</a></p>
</footer>`,
  );
}

/** The same page for a private and an unknown hackathon, so neither leaks which it is. */
export function renderNotFoundPage(): string {
  const head = html`<meta name="robots" content="noindex">
<title>Status page not found</title>
<style>${CSS}</style>`;
  return pageShell(head, "Status page not found", html`<main><p>There is no public status page at this address.</p></main>`);
}

/** A whole page around its own head elements, its heading and its body below the header. */
function pageShell(head: Markup, heading: string, body: Markup): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
${head}
</head>
<body>
<header><p class="brand">Pitwall status</p><h1>${heading}</h1></header>
${body}
</body>
</html>
`.html;
}
