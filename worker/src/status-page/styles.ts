/** The page's only stylesheet, inline (the CSP allows inline styles, never inline scripts). */
export const STATUS_PAGE_CSS = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1a1a1a; --muted: #555b63; --card: #f4f5f7; --line: #d5d8dd;
  --ok: #1b7f3b; --warn: #8a5a00; --bad: #b3261e; --info: #0b5cad; --m-event: #2e9e57; --m-idle: #9ccfae; --m-polling: #d4a017; --m-degraded: #d93f2f; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #111418; --fg: #eceff3; --muted: #a9b0b9; --card: #1b2027; --line: #323943;
    --ok: #5fd38a; --warn: #f2c14e; --bad: #ff8a80; --info: #7cb8ff; --m-event: #3fbf6f; --m-idle: #2f6b45; --m-polling: #e0b23a; --m-degraded: #ff6b5e; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header, main, footer { max-width: 52rem; margin: 0 auto; padding: 1rem 1.25rem; }
.brand { margin: 0; color: var(--muted); font-size: .9rem; text-transform: uppercase; letter-spacing: .08em; }
h1 { margin: .25rem 0 0; font-size: 1.8rem; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; }
h3 { font-size: 1rem; margin: 0; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.state { border: 2px solid var(--line); border-radius: .75rem; padding: 1rem 1.25rem; background: var(--card); }
.state p { margin: 0; font-size: 1.25rem; }
.state[data-state="operational"] { border-color: var(--ok); }
.state[data-state="operational"] strong { color: var(--ok); }
.state[data-state="degraded"] { border-color: var(--warn); }
.state[data-state="degraded"] strong { color: var(--warn); }
.state[data-state="incident"] { border-color: var(--bad); }
.state[data-state="incident"] strong { color: var(--bad); }
.state[data-state="maintenance"] { border-color: var(--info); }
.state[data-state="maintenance"] strong { color: var(--info); }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: .75rem; margin: 0; }
.figures div { background: var(--card); border-radius: .5rem; padding: .75rem 1rem; }
.figures dt { color: var(--muted); font-size: .9rem; }
.figures dd { margin: 0; font-size: 1.5rem; font-weight: 600; }
/* Bars drawn by hand (not the platform's accent colour), so the budget's level colour is the same in every browser. */
progress { display: block; width: 100%; height: .5rem; margin-top: .25rem; border: 0; border-radius: .25rem; overflow: hidden;
  -webkit-appearance: none; appearance: none; background: var(--line); }
progress::-webkit-progress-bar { background: var(--line); }
progress::-webkit-progress-value { background: var(--bar, var(--m-event)); }
progress::-moz-progress-bar { background: var(--bar, var(--m-event)); }
[data-level="ok"] { --bar: var(--ok); }
[data-level="warning"] { --bar: var(--warn); }
[data-level="critical"], [data-level="over"] { --bar: var(--bad); }
.figures .level { display: block; font-size: .9rem; font-weight: 500; color: var(--muted); }
[data-level="warning"] .level { color: var(--warn); }
[data-level="critical"] .level, [data-level="over"] .level { color: var(--bad); font-weight: 600; }
.state .stale-note { margin-top: .5rem; font-size: 1rem; color: var(--warn); font-weight: 600; }
/* Unconfirmed: the state keeps its words but loses its colour until the page can update again. */
.state[data-stale="true"] { border-style: dashed; border-color: var(--line); }
.state[data-stale="true"] strong { color: var(--muted); }
footer [data-live="failed"] { color: var(--warn); font-weight: 600; }
.sources, .incidents { list-style: none; padding: 0; margin: 0; display: grid; gap: .75rem; }
.sources li, .incidents li { background: var(--card); border-radius: .5rem; padding: .75rem 1rem; }
.sources p, .incidents p { margin: .25rem 0; color: var(--muted); }
.bars { display: block; width: 100%; height: 2rem; margin-top: .5rem; }
.m-event { fill: var(--m-event); } .m-idle { fill: var(--m-idle); } .m-polling { fill: var(--m-polling); } .m-degraded { fill: var(--m-degraded); }
.legend { color: var(--muted); font-size: .9rem; }
.legend span::before { content: ""; display: inline-block; width: .7rem; height: .7rem; margin: 0 .3rem 0 .8rem; border-radius: 2px; vertical-align: -1px; }
.legend .l-event::before { background: var(--m-event); } .legend .l-idle::before { background: var(--m-idle); } .legend .l-polling::before { background: var(--m-polling); }
.legend .l-degraded::before { background: var(--m-degraded); }
.incidents li[data-status="open"] { border-left: 4px solid var(--bad); }
.incidents li[data-status="resolved"] { border-left: 4px solid var(--ok); }
footer { color: var(--muted); font-size: .9rem; }
a { color: inherit; }
`;
