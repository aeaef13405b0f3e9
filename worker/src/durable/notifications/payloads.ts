import type { Alert, ChannelKind, DeliveryKind, Severity } from "../../contract";

/** What a delivery says, stored with it so a retry sends the same facts. */
export type NotificationSnapshot = { status: "firing" | "resolved"; alerts: Alert[] };

export type PayloadInput = NotificationSnapshot & { kind: DeliveryKind; hackathonId: string; at: number };

/** Slack allows 50 blocks and Discord 10 embeds; the rest is summarised in one line. */
const MAX_LISTED = 10;

const SEVERITY_COLOR: Record<Severity, number> = { critical: 0xe01e5a, warning: 0xecb22e, info: 0x36c5f0 };
const RESOLVED_COLOR = 0x2eb67d;

const truncate = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

function headline(input: PayloadInput): string {
  if (input.kind === "test") return `Pitwall test notification for ${input.hackathonId}`;
  const label = input.status === "resolved" ? "RESOLVED" : input.kind === "repeat" ? "STILL FIRING" : "FIRING";
  const first = input.alerts[0]?.description ?? "";
  const more = input.alerts.length > 1 ? ` (+${input.alerts.length - 1} more)` : "";
  return `[${label}:${input.alerts.length}] ${input.hackathonId}: ${first}${more}`;
}

const overflow = (alerts: Alert[]) => (alerts.length > MAX_LISTED ? `…and ${alerts.length - MAX_LISTED} more` : null);

/** The generic webhook body (signed per Standard Webhooks by the sender). */
export function webhookPayload(input: PayloadInput) {
  return {
    type: input.kind === "test" ? "pitwall.test" : "pitwall.alert",
    hackathon_id: input.hackathonId,
    status: input.status,
    kind: input.kind,
    alerts: input.alerts,
  };
}

/** Slack incoming webhook: Block Kit with a plain `text` fallback for notifications. */
export function slackPayload(input: PayloadInput) {
  const text = headline(input);
  const sections = input.alerts.slice(0, MAX_LISTED).map((alert) => ({
    type: "section",
    text: { type: "mrkdwn", text: truncate(`*${alert.description}*`, 3000) },
    fields: [
      { type: "mrkdwn", text: `*Severity*\n${alert.severity}` },
      { type: "mrkdwn", text: `*Type*\n${alert.type}` },
      { type: "mrkdwn", text: `*Status*\n${alert.status}` },
      { type: "mrkdwn", text: `*Since*\n${alert.timestamp}` },
    ],
  }));
  const more = overflow(input.alerts);
  const context = [`Pitwall · ${input.hackathonId}`, new Date(input.at).toISOString(), ...(more ? [more] : [])].join(" · ");
  const body = sections.length > 0 ? sections : [{ type: "section", text: { type: "mrkdwn", text: "This channel is set up correctly." } }];
  return {
    text,
    blocks: [
      { type: "header", text: { type: "plain_text", text: truncate(text, 150), emoji: true } },
      ...body,
      { type: "context", elements: [{ type: "mrkdwn", text: context }] },
    ],
  };
}

/** Discord webhook: one embed per alert, coloured by severity (green once resolved). */
export function discordPayload(input: PayloadInput) {
  const timestamp = new Date(input.at).toISOString();
  const embeds = input.alerts.slice(0, MAX_LISTED).map((alert) => ({
    title: truncate(alert.description, 256),
    description: truncate(alert.recommended_actions.map((a) => `• ${a}`).join("\n") || alert.description, 4096),
    color: input.status === "resolved" ? RESOLVED_COLOR : SEVERITY_COLOR[alert.severity],
    fields: [
      { name: "Severity", value: alert.severity, inline: true },
      { name: "Type", value: alert.type, inline: true },
      { name: "Status", value: alert.status, inline: true },
    ],
    timestamp,
  }));
  if (embeds.length === 0) {
    embeds.push({
      title: "Pitwall test notification",
      description: "This channel is set up correctly.",
      color: RESOLVED_COLOR,
      fields: [],
      timestamp,
    });
  }
  const more = overflow(input.alerts);
  return { content: truncate(more ? `${headline(input)} ${more}` : headline(input), 2000), embeds };
}

export function payloadFor(kind: ChannelKind, input: PayloadInput): unknown {
  if (kind === "slack") return slackPayload(input);
  if (kind === "discord") return discordPayload(input);
  return webhookPayload(input);
}
