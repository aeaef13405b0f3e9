import { BUDGET_LEVEL_TEXTS, CANNOT_UPDATE_TEXT, MODE_LABELS, SOURCE_LABELS, STATE_LABELS, STATE_SENTENCES } from "./labels";
import { BAR } from "./uptime-bars";

export const POLL_INTERVAL_MS = 15_000;
/** A poll that has not answered by then counts as failed: a hung server must not look live. */
export const POLL_TIMEOUT_MS = 10_000;

const LABELS = {
  state: STATE_LABELS,
  sentence: STATE_SENTENCES,
  source: SOURCE_LABELS,
  mode: MODE_LABELS,
  bar: BAR,
  budget: BUDGET_LEVEL_TEXTS,
  cannotUpdate: CANNOT_UPDATE_TEXT,
};

/**
 * The status page's only script, served from the Worker (the page's CSP allows no inline
 * script). It polls the public JSON and redraws what the server rendered, building every node
 * with the DOM API, so no fetched text is ever parsed as markup. While polls fail it says so,
 * and from when its figures are, instead of "updates live" (docs/contract.md section 10).
 */
export const STATUS_SCRIPT = `"use strict";
(function () {
  var L = ${JSON.stringify(LABELS)};
  var STATUS = { active: "Active", paused: "Paused", completed: "Completed", archived: "Archived" };
  var SVG = "http://www.w3.org/2000/svg";
  var main = document.getElementById("status");
  if (!main) return;
  var api = main.getAttribute("data-status-api");
  var name = document.querySelector("h1") ? document.querySelector("h1").textContent : "";
  var updated = document.querySelector('[data-field="updated"]');
  var live = document.querySelector('[data-field="live"]');
  var stateBox = main.querySelector('[data-testid="state"]');
  var staleNote = main.querySelector('[data-field="stale-note"]');

  function field(root, key) { return root.querySelector('[data-field="' + key + '"]'); }
  function setText(root, key, text) { var el = field(root, key); if (el && el.textContent !== text) el.textContent = text; }
  function pct(x) { return Math.round(x) + "%"; }
  function utc(iso) { return iso ? iso.slice(0, 10) + " " + iso.slice(11, 16) + " UTC" : ""; }
  function healthy(share) { return share === null ? "not started yet" : (share * 100).toFixed(1) + "% healthy"; }
  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    for (var k in attrs || {}) node.setAttribute(k, attrs[k]);
    return node;
  }
  function time(iso) { return el("time", utc(iso), { datetime: iso || "" }); }

  function drawBars(svg, source, data) {
    var b = L.bar, count = Math.max(1, data.uptime.length);
    svg.setAttribute("viewBox", "0 0 " + (count * (b.width + b.gap) - b.gap) + " " + b.height);
    svg.setAttribute("aria-label", L.source[source] + " source over the hackathon: " + healthy(data.healthy_share));
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    data.uptime.forEach(function (bucket, i) {
      var g = document.createElementNS(SVG, "g"), title = document.createElementNS(SVG, "title"), y = 0;
      title.textContent = utc(bucket.from) + " to " + utc(bucket.to) + ": " + Math.round(bucket.event * 100) + "% live, " + Math.round((bucket.idle || 0) * 100) + "% quiet, " +
        Math.round(bucket.polling * 100) + "% polling, " + Math.round(bucket.degraded * 100) + "% degraded";
      g.appendChild(title);
      ["degraded", "polling", "idle", "event"].forEach(function (mode) {
        var h = (bucket[mode] || 0) * b.height;
        if (h <= 0) return;
        var rect = document.createElementNS(SVG, "rect");
        rect.setAttribute("class", "m-" + mode);
        rect.setAttribute("x", String(i * (b.width + b.gap)));
        rect.setAttribute("y", y.toFixed(2));
        rect.setAttribute("width", String(b.width));
        rect.setAttribute("height", h.toFixed(2));
        g.appendChild(rect);
        y += h;
      });
      svg.appendChild(g);
    });
  }

  function drawIncidents(container, incidents) {
    while (container.firstChild) container.removeChild(container.firstChild);
    if (!incidents.length) { container.appendChild(el("p", "No incidents in the last 7 days.", { "data-field": "no-incidents" })); return; }
    var list = el("ol", "", { "class": "incidents" });
    incidents.forEach(function (incident) {
      var item = el("li", "", { id: incident.id, "data-status": incident.status });
      item.appendChild(el("h3", incident.summary));
      var p = el("p");
      if (incident.status === "open") { p.appendChild(document.createTextNode("Open since ")); p.appendChild(time(incident.opened_at)); }
      else { p.appendChild(time(incident.opened_at)); p.appendChild(document.createTextNode(" to ")); p.appendChild(time(incident.resolved_at)); p.appendChild(document.createTextNode(", resolved")); }
      var affects = incident.sources.map(function (s) { return L.source[s]; }).join(", ");
      if (affects) p.appendChild(document.createTextNode(" \\u00b7 affects " + affects));
      item.appendChild(p);
      list.appendChild(item);
    });
    container.appendChild(list);
  }

  function drawMaintenance(section, windows) {
    section.hidden = windows.length === 0;
    var list = field(section, "maintenance");
    while (list.firstChild) list.removeChild(list.firstChild);
    windows.forEach(function (w) {
      var item = el("li", "", { id: w.id, "data-status": w.status });
      item.appendChild(el("h3", w.title));
      var p = el("p", w.status === "active" ? "In progress: " : "Scheduled: ");
      p.appendChild(time(w.starts_at)); p.appendChild(document.createTextNode(" to ")); p.appendChild(time(w.ends_at));
      item.appendChild(p);
      list.appendChild(item);
    });
  }

  function apply(status) {
    stateBox.setAttribute("data-state", status.state);
    setText(stateBox, "state-label", L.state[status.state]);
    setText(stateBox, "state-sentence", L.sentence[status.state]);
    document.title = name + " status: " + L.state[status.state];
    setText(main, "status", STATUS[status.status] || status.status);
    setText(main, "percent-complete", pct(status.percent_complete));
    setText(main, "budget-used", pct(status.budget_used * 100));
    var budget = field(main, "budget");
    budget.setAttribute("data-level", status.budget_level);
    setText(budget, "budget-level", L.budget[status.budget_level]
      .replace("{warning}", pct(status.budget_thresholds.warning * 100))
      .replace("{critical}", pct(status.budget_thresholds.critical * 100)));
    field(main, "percent-complete-bar").value = Math.min(100, status.percent_complete);
    field(main, "budget-used-bar").value = Math.min(100, status.budget_used * 100);
    Object.keys(status.sources).forEach(function (source) {
      var item = main.querySelector('[data-source="' + source + '"]'), data = status.sources[source];
      if (!item) return;
      item.setAttribute("data-mode", data.mode);
      setText(item, "mode", L.mode[data.mode]);
      setText(item, "healthy", healthy(data.healthy_share));
      drawBars(field(item, "bars"), source, data);
    });
    drawIncidents(field(main, "incidents"), status.incidents);
    drawMaintenance(field(main, "maintenance-section"), status.maintenance);
    if (updated) { updated.setAttribute("datetime", status.updated_at); updated.textContent = utc(status.updated_at); }
  }

  /** Live, or not: then the page says since when its figures are (the last answer it had). */
  function showLive(ok) {
    var since = L.cannotUpdate.replace("{time}", utc(updated ? updated.getAttribute("datetime") : ""));
    if (live) {
      live.textContent = ok ? " \u00b7 updates live" : " \u00b7 " + since;
      if (ok) live.removeAttribute("data-live"); else live.setAttribute("data-live", "failed");
    }
    if (ok) stateBox.removeAttribute("data-stale"); else stateBox.setAttribute("data-stale", "true");
    if (staleNote) { staleNote.hidden = ok; staleNote.textContent = ok ? "" : since + "; retrying."; }
  }

  function getStatus() {
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, ${POLL_TIMEOUT_MS}) : 0;
    var options = { headers: { accept: "application/json" }, cache: "no-store" };
    if (controller) options.signal = controller.signal;
    return fetch(api, options)
      .then(function (response) { if (!response.ok) throw new Error("status " + response.status); return response.json(); })
      .finally(function () { clearTimeout(timer); });
  }

  function refresh() {
    if (document.visibilityState === "hidden") return;
    getStatus()
      .then(function (status) { apply(status); showLive(true); })
      .catch(function () { showLive(false); });
  }

  if (live) live.hidden = false;
  setInterval(refresh, ${POLL_INTERVAL_MS});
  document.addEventListener("visibilitychange", refresh);
  window.addEventListener("online", refresh);
  window.addEventListener("offline", function () { showLive(false); });
})();
`;
