import type { PublicSource, SourceName } from "../contract";
import { html, type Markup } from "./escape";
import { SOURCE_LABELS, formatUtc } from "./labels";

/** Geometry shared with the live script (status-script.ts), which redraws the same bars. */
export const BAR = { width: 6, gap: 2, height: 28 } as const;

export function healthyText(share: number | null): string {
  return share === null ? "not started yet" : `${(share * 100).toFixed(1)}% healthy`;
}

function bucketTitle(bucket: PublicSource["uptime"][number]): string {
  const parts = [
    `${Math.round(bucket.event * 100)}% live`,
    `${Math.round(bucket.idle * 100)}% quiet`,
    `${Math.round(bucket.polling * 100)}% polling`,
    `${Math.round(bucket.degraded * 100)}% degraded`,
  ];
  return `${formatUtc(bucket.from)} to ${formatUtc(bucket.to)}: ${parts.join(", ")}`;
}

/**
 * One column per bucket, its height split between the modes (degraded on top, then polling,
 * then quiet, then live events at the bottom), drawn as inline SVG so it needs no script or image request.
 */
export function uptimeBars(source: SourceName, data: PublicSource): Markup {
  const count = Math.max(1, data.uptime.length);
  const width = count * (BAR.width + BAR.gap) - BAR.gap;
  const columns = data.uptime.map((bucket, i) => {
    const x = i * (BAR.width + BAR.gap);
    let y = 0;
    const rects = (["degraded", "polling", "idle", "event"] as const).map((mode) => {
      const h = bucket[mode] * BAR.height;
      const rect =
        h > 0 ? html`<rect class="m-${mode}" x="${x}" y="${y.toFixed(2)}" width="${BAR.width}" height="${h.toFixed(2)}"></rect>` : html``;
      y += h;
      return rect;
    });
    return html`<g><title>${bucketTitle(bucket)}</title>${rects}</g>`;
  });
  const label = `${SOURCE_LABELS[source]} source over the hackathon: ${healthyText(data.healthy_share)}`;
  return html`<svg class="bars" data-field="bars" viewBox="0 0 ${width} ${BAR.height}" preserveAspectRatio="none" role="img" aria-label="${label}">${columns}</svg>`;
}
