// What a crawler gets: robots.txt and the favicon are real files (not the SPA fallback page),
// the private app says noindex, and the public status page stays indexable.
import { createHackathon } from "./admin-api.mjs";
import { assert, assertEqual } from "./harness.mjs";

/** Whether robots.txt lets `path` be crawled: the longest matching rule wins, Allow on a tie (RFC 9309). */
export function robotsAllows(robotsText, path) {
  const rules = robotsText
    .split("\n")
    .map((line) =>
      line
        .replace(/#.*/, "")
        .trim()
        .match(/^(allow|disallow):\s*(\S*)$/i),
    )
    .filter(Boolean)
    .map(([, kind, prefix]) => ({ allow: kind.toLowerCase() === "allow", prefix }))
    .filter(({ prefix }) => prefix && path.startsWith(prefix));
  rules.sort((a, b) => b.prefix.length - a.prefix.length || Number(b.allow) - Number(a.allow));
  return rules[0]?.allow ?? true;
}

const noindexMeta = (html) => /<meta name="robots" content="noindex"/i.test(html);

export function registerCrawlerChecks(harness) {
  harness.check("crawlers: robots.txt and the favicon are real files, the app is noindex and the status page indexable", async (ctx) => {
    const url = ctx.server.url;
    const robots = await fetch(`${url}/robots.txt`);
    assertEqual(robots.status, 200, "robots.txt answer");
    assert(robots.headers.get("content-type")?.startsWith("text/plain"), `robots.txt content-type: ${robots.headers.get("content-type")}`);
    const rules = await robots.text();
    assert(/^User-agent: \*$/m.test(rules), `robots.txt has no rules for every crawler:\n${rules}`);
    for (const path of ["/status/some-jam", "/status/some-jam/feed.atom", "/favicon.ico"])
      assert(robotsAllows(rules, path), `robots.txt disallows ${path}`);
    for (const path of ["/", "/h/some-jam", "/api/hackathons", "/api/public/some-jam/status"])
      assert(!robotsAllows(rules, path), `robots.txt allows ${path}`);

    const ico = await fetch(`${url}/favicon.ico`);
    assertEqual(ico.status, 200, "favicon.ico answer");
    assert(/^image\//.test(ico.headers.get("content-type") ?? ""), `favicon.ico content-type: ${ico.headers.get("content-type")}`);
    const icoBytes = new Uint8Array(await ico.arrayBuffer());
    assertEqual([...icoBytes.slice(0, 4)].join(","), "0,0,1,0", "favicon.ico starts with the ICO header");
    const svg = await fetch(`${url}/favicon.svg`);
    assertEqual(svg.status, 200, "favicon.svg answer");
    assert(svg.headers.get("content-type")?.startsWith("image/svg+xml"), `favicon.svg content-type: ${svg.headers.get("content-type")}`);
    assert(!/noindex/i.test(svg.headers.get("x-robots-tag") ?? ""), "the status pages' icon must stay indexable");

    for (const path of ["/", "/h/some-jam"]) {
      const page = await fetch(`${url}${path}`, { headers: { accept: "text/html" } });
      assertEqual(page.status, 200, `${path} answer`);
      assert(/noindex/i.test(page.headers.get("x-robots-tag") ?? ""), `${path}: X-Robots-Tag ${page.headers.get("x-robots-tag")}`);
      assert(noindexMeta(await page.text()), `${path}: no <meta name="robots" content="noindex">`);
    }

    const created = await createHackathon({ url, adminToken: ctx.server.adminToken, overrides: { public: true } });
    const status = await fetch(`${url}/status/${created.hackathon.id}`, { headers: { accept: "text/html" } });
    assertEqual(status.status, 200, "status page answer");
    assert(!/noindex/i.test(status.headers.get("x-robots-tag") ?? ""), "the status page must stay indexable (header)");
    const html = await status.text();
    assert(!noindexMeta(html), "the status page must stay indexable (<meta>)");
    assert(html.includes('<link rel="icon" href="/favicon.svg"'), "the status page names its icon");
  });
}
