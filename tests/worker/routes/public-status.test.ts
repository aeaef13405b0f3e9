import { describe, expect, it } from "vitest";
import { PublicStatusSchema } from "../../../worker/src/contract";
import { alertingHackathon, at, cost, M, steadyCosts, tokens } from "../../helpers/alerts";
import { api, apiJson } from "../../helpers/api";
import { createHackathon, uniqueHackathonId } from "../../helpers/hackathons";
import { expectViewsAgree, readPublicViews } from "../../helpers/public-views";
import { eventId } from "../../helpers/webhooks";
import { assertWellFormedXml } from "../../helpers/xml";

const NOW = Date.parse("2026-11-28T12:00:00Z");
const ROUTES = (id: string) => [`/api/public/${id}/status`, `/status/${id}`, `/status/${id}/badge.svg`, `/status/${id}/feed.atom`];
const get = (path: string) => api(path, { token: null });

/** A public hackathon with secret-looking titles, services and models, and an open incident. */
async function troubledHackathon() {
  const h = await alertingHackathon(NOW, { public: true, name: 'Open <Jam> & "Friends"', budget: { amount: 123_457 } });
  await h.send(
    { id: eventId(), type: "task", ts: at(NOW - 5 * M), task: { id: "t1", title: "SECRET-TITLE", status: "done" } },
    { id: eventId(), type: "task", ts: at(NOW - 5 * M), task: { id: "t2", title: "SECRET-TITLE two", status: "todo" } },
    ...Array.from({ length: 5 }, (_, i) =>
      tokens(NOW - (6 - i) * M, { model: "secret-model", input_tokens: 700, output_tokens: 300, cost: 0.37 }),
    ),
    ...steadyCosts(NOW, 30, "secret-service"),
  );
  await h.send(cost(NOW, { amount: 4567.89, service: "secret-service" }));
  const state = await h.dashboard();
  expect(state.incidents).toHaveLength(1);
  expect(state.incidents[0]!.root_cause).toContain("secret-service");
  return { ...h, spend: state.cost_metrics.current_spend };
}

describe("public status routes: who gets an answer", () => {
  it("answer anyone, without a token, for a public hackathon", async () => {
    const { hackathon } = await createHackathon({ public: true });
    for (const path of ROUTES(hackathon.id)) expect((await get(path)).status, path).toBe(200);
    const { body } = await apiJson(`/api/public/${hackathon.id}/status`, { token: null });
    expect(PublicStatusSchema.parse(body)).toMatchObject({ id: hackathon.id, state: "operational", status: "active" });
  });

  it("let a page on any origin read the status API's answers, refusals included", async () => {
    const { hackathon } = await createHackathon({ public: true });
    const headers = { origin: "https://sponsor.example" };
    const ok = await api(`/api/public/${hackathon.id}/status`, { token: null, headers });
    expect(ok.headers.get("access-control-allow-origin")).toBe("*");
    expect(ok.headers.get("cache-control")).toBe("no-store");
    const missing = await api(`/api/public/${uniqueHackathonId()}/status`, { token: null, headers });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("answer a private hackathon exactly as an unknown or impossible one", async () => {
    const { hackathon } = await createHackathon({ public: false });
    for (const [privatePath, unknownPath, invalidPath] of ROUTES(hackathon.id).map((p, i) => [
      p,
      ROUTES(uniqueHackathonId())[i]!,
      ROUTES("NOT_AN_ID")[i]!,
    ])) {
      const answers = await Promise.all(
        [privatePath, unknownPath, invalidPath].map(async (p) => {
          const response = await get(p!);
          return { status: response.status, type: response.headers.get("content-type"), body: await response.text() };
        }),
      );
      expect(answers[0]!.status, privatePath).toBe(404);
      expect(answers[1], unknownPath).toEqual(answers[0]);
      expect(answers[2], invalidPath).toEqual(answers[0]);
    }
    const page = await get(`/status/${hackathon.id}`);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain("Status page not found");
  });

  it("stop answering once the hackathon is made private, and even the admin token does not open them", async () => {
    const { hackathon } = await createHackathon({ public: true });
    await apiJson(`/api/hackathons/${hackathon.id}`, { method: "PATCH", json: { public: false } });
    expect((await get(`/api/public/${hackathon.id}/status`)).status).toBe(404);
    expect((await api(`/status/${hackathon.id}`)).status).toBe(404);
  });
});

describe("the four public views: one model (docs/contract.md section 10)", () => {
  /** A public hackathon with a budget of 100 whose spend so far is `total`. */
  async function spentHackathon(total: number, overrides: Record<string, unknown> = {}) {
    const h = await alertingHackathon(NOW, { public: true, budget: { amount: 100 }, ...overrides });
    await h.send(cost(NOW - M, { total }));
    return h;
  }

  it("with only a critical budget alert open, all say incident and list it as 'Budget'", async () => {
    const h = await spentHackathon(97);
    expect((await h.alerts()).map((a) => [a.type, a.severity])).toEqual([["budget", "critical"]]);
    const views = await readPublicViews(h.id);
    expectViewsAgree(views);
    expect(views.json.state).toBe("incident");
    expect(views.json.incidents).toEqual([expect.objectContaining({ status: "open", summary: "Budget", sources: ["cost"] })]);
    expect(views.badge.state).toBe("incident");
    expect(views.feed.entries).toEqual([{ id: views.json.incidents[0]!.id, title: "Budget (ongoing)" }]);
    expect(views.page.incidents).toEqual([{ id: views.json.incidents[0]!.id, status: "open" }]);
    expect(views.page.saysNoIncidents).toBe(false);
    const feed = await (await get(`/status/${h.id}/feed.atom`)).text();
    expect(feed).toMatch(/<summary>Budget affecting cost: opened 2026-11-28 12:00 UTC, still open\.<\/summary>/);
  });

  it("with only a budget warning open, all say operational and list nothing", async () => {
    const h = await spentHackathon(85);
    expect((await h.alerts()).map((a) => [a.type, a.severity])).toEqual([["budget", "warning"]]);
    const views = await readPublicViews(h.id);
    expectViewsAgree(views);
    expect(views.json).toMatchObject({ state: "operational", incidents: [], budget_level: "warning" });
    expect(views.badge.state).toBe("operational");
    expect(views.feed.entries).toEqual([]);
    expect(views.page.saysNoIncidents).toBe(true);
  });

  it("colour the budget bar by the hackathon's own thresholds, and say the level in words", async () => {
    const levels = [
      { total: 40, level: "ok", text: "Under the 50% warning level" },
      { total: 60, level: "warning", text: "Past the 50% warning level" },
      { total: 70, level: "critical", text: "Past the 70% critical level" },
    ];
    for (const { total, level, text } of levels) {
      const h = await spentHackathon(total, { thresholds: { budget_warning: 0.5, budget_critical: 0.7, alert_hold_s: 120 } });
      const views = await readPublicViews(h.id);
      expectViewsAgree(views);
      expect(views.json).toMatchObject({ budget_level: level, budget_thresholds: { warning: 0.5, critical: 0.7 } });
      expect(views.page.budgetText).toBe(text);
    }
  });

  it("draw a budget spent a thousand times over as over budget, never in the ok colour", async () => {
    // Before issue 14 "Budget used 112952%" was drawn green.
    const h = await spentHackathon(112_952);
    const views = await readPublicViews(h.id);
    expectViewsAgree(views);
    expect(views.json).toMatchObject({ budget_used: 1129.52, budget_level: "over" });
    expect(views.page.budgetLevel).toBe("over");
    expect(views.page.budgetText).toBe("Over budget");
    const page = await (await get(`/status/${h.id}`)).text();
    expect(page).toContain('<span data-field="budget-used">112952%</span>');
  });
});

describe("public status routes: what they never tell", () => {
  it("leak no task title, service, model, money amount, token or secret in any of the four answers", async () => {
    const h = await troubledHackathon();
    const forbidden = [
      "SECRET-TITLE",
      "secret-service",
      "secret-model",
      "123457",
      "4567.89",
      String(h.spend),
      "0.37",
      h.viewer_token,
      h.webhook_secret,
      "USD",
    ];
    for (const path of ROUTES(h.id)) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      const body = await response.text();
      for (const secret of forbidden) expect(body, `${path} must not contain ${secret}`).not.toContain(secret);
    }
    const { body } = await apiJson(`/api/public/${h.id}/status`, { token: null });
    const status = PublicStatusSchema.parse(body);
    expect(Object.keys(body as object).sort()).toEqual(Object.keys(PublicStatusSchema.shape).sort());
    expect(status.state).toBe("incident");
    expect(status.incidents[0]).toEqual({
      id: expect.any(String),
      status: "open",
      opened_at: at(NOW),
      updated_at: at(NOW),
      resolved_at: null,
      summary: "Cost anomaly",
      sources: ["cost"],
    });
  });
});

describe("GET /status/:id", () => {
  it("carries the state, progress, budget, sources and incidents in the HTML itself", async () => {
    const h = await troubledHackathon();
    const response = await get(`/status/${h.id}`);
    const page = await response.text();
    expect(page).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(page).toContain('data-state="incident"');
    expect(page).toContain('<strong data-field="state-label">Incident</strong>');
    expect(page).toContain('<span data-field="percent-complete">50%</span>');
    expect(page).toMatch(/<span data-field="budget-used">\d+%<\/span>/);
    expect(page).toContain("<h3>Cost anomaly</h3>");
    for (const source of ["Cost", "Tasks", "Tokens", "Performance"]) expect(page).toContain(`<h3>${source}</h3>`);
    expect(page.match(/<svg class="bars"[^>]*role="img" aria-label="[^"]+"/g)).toHaveLength(4);
    expect(page).toContain('<meta property="og:title" content="Open &lt;Jam&gt; &amp; &quot;Friends&quot; status: Incident">');
    expect(page).toMatch(/<meta name="description" content="An incident is in progress\. 50% complete, \d+% of the budget used\.">/);
    expect(page).toContain('<meta property="og:description"');
    expect(page).toContain(`<link rel="alternate" type="application/atom+xml"`);
    expect(page).not.toContain("<Jam>");
  });

  it("sends a CSP that allows no inline script, and loads its one script from the Worker", async () => {
    const { hackathon } = await createHackathon({ public: true });
    const response = await get(`/status/${hackathon.id}`);
    const csp = response.headers.get("content-security-policy")!;
    const scriptSrc = csp
      .split(";")
      .map((d) => d.trim())
      .find((d) => d.startsWith("script-src"));
    expect(scriptSrc).toBe("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    const page = await response.text();
    const scripts = [...page.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    expect(scripts[0]![1]).toContain('src="/status/assets/status.js"');
    expect(scripts[0]![2]).toBe("");
    expect(page).not.toMatch(/\son[a-z]+=/i);

    const script = await get("/status/assets/status.js");
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toContain("text/javascript");
    const source = await script.text();
    expect(source).toContain("data-status-api");
    expect(source).not.toContain("innerHTML");
  });
});

describe("GET /status/:id/badge.svg", () => {
  it("is a well-formed shields-style SVG coloured by state, cached for a minute", async () => {
    const h = await troubledHackathon();
    const response = await get(`/status/${h.id}/badge.svg`);
    expect(response.headers.get("content-type")).toContain("image/svg+xml");
    expect(response.headers.get("cache-control")).toBe("max-age=60");
    const svg = await response.text();
    expect(assertWellFormedXml(svg)[0]).toBe("svg");
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toContain("<title>pitwall: incident</title>");
    expect(svg).toContain('aria-label="pitwall: incident"');
    expect(svg).toContain('fill="#c62828"');

    const { hackathon } = await createHackathon({ public: true });
    const calm = await (await get(`/status/${hackathon.id}/badge.svg`)).text();
    expect(calm).toContain("<title>pitwall: operational</title>");
    assertWellFormedXml(calm);
  });
});

describe("GET /status/:id/feed.atom", () => {
  it("lists each incident as an Atom entry with a stable urn id and public-safe text", async () => {
    const h = await troubledHackathon();
    const response = await get(`/status/${h.id}/feed.atom`);
    expect(response.headers.get("content-type")).toContain("application/atom+xml");
    const feed = await response.text();
    const names = assertWellFormedXml(feed);
    expect(names[0]).toBe("feed");
    expect(names.filter((n) => n === "entry")).toHaveLength(1);
    const { incidents } = PublicStatusSchema.parse((await apiJson(`/api/public/${h.id}/status`, { token: null })).body);
    expect(feed).toContain(`<id>urn:pitwall:${h.id}</id>`);
    expect(feed).toContain(`<id>urn:pitwall:${h.id}:${incidents[0]!.id}</id>`);
    expect(feed).toContain("<title>Open &lt;Jam&gt; &amp; &quot;Friends&quot;: incidents</title>");
    expect(feed).toContain(`<link rel="self" type="application/atom+xml" href="https://pitwall.test/status/${h.id}/feed.atom"/>`);
    expect(feed).toContain(`<link rel="alternate" type="text/html" href="https://pitwall.test/status/${h.id}"/>`);
    expect(feed).toContain("<title>Cost anomaly (ongoing)</title>");
    expect(feed).toContain(`<published>${at(NOW)}</published>`);
    expect(feed).toContain(`<updated>${at(NOW)}</updated>`);
    expect(feed).toMatch(/<summary>Cost anomaly affecting cost: opened 2026-11-28 12:00 UTC, still open\.<\/summary>/);
  });

  it("drops characters XML cannot carry and escapes quotes in a hostile name", async () => {
    const { hackathon } = await createHackathon({ public: true, name: "Bell\u0007 'quoted' </title><script>x</script>" });
    for (const path of [`/status/${hackathon.id}/feed.atom`, `/status/${hackathon.id}`]) {
      const body = await (await get(path)).text();
      expect(body).not.toContain("\u0007");
      expect(body).not.toContain("<script>x");
      expect(body).toContain("Bell &#39;quoted&#39; &lt;/title&gt;&lt;script&gt;x&lt;/script&gt;");
    }
    assertWellFormedXml(await (await get(`/status/${hackathon.id}/feed.atom`)).text());
  });

  it("is a valid empty feed before any incident", async () => {
    const { hackathon } = await createHackathon({ public: true, starts_at: at(NOW) });
    const feed = await (await get(`/status/${hackathon.id}/feed.atom`)).text();
    expect(assertWellFormedXml(feed).includes("entry")).toBe(false);
    expect(feed).toContain(`<updated>${at(NOW)}</updated>`);
  });
});
