import type { PublicState } from "../contract";
import { html } from "./escape";

const COLOURS: Record<PublicState, string> = { operational: "#2e7d32", degraded: "#9a6700", incident: "#c62828", maintenance: "#0b5cad" };
const LABEL = "pitwall";

/** Verdana 11px averages about 6.5 px a character; shields.io pads each side by 5 px. */
const widthOf = (text: string) => Math.round(text.length * 6.5) + 10;

/** A shields-style "pitwall | <state>" badge. */
export function renderBadge(state: PublicState): string {
  const left = widthOf(LABEL);
  const right = widthOf(state);
  const total = left + right;
  return html`<svg xmlns="http://www.w3.org/2000/svg" width="${total}" height="20" role="img" aria-label="${LABEL}: ${state}">
<title>${LABEL}: ${state}</title>
<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>
<clipPath id="r"><rect width="${total}" height="20" rx="3" fill="#fff"/></clipPath>
<g clip-path="url(#r)"><rect width="${left}" height="20" fill="#555"/><rect x="${left}" width="${right}" height="20" fill="${COLOURS[state]}"/><rect width="${total}" height="20" fill="url(#s)"/></g>
<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">
<text x="${left / 2}" y="15" fill="#010101" fill-opacity=".3">${LABEL}</text><text x="${left / 2}" y="14">${LABEL}</text>
<text x="${left + right / 2}" y="15" fill="#010101" fill-opacity=".3">${state}</text><text x="${left + right / 2}" y="14">${state}</text>
</g>
</svg>
`.html;
}
