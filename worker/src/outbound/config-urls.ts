import type { ChannelKind, ErrorIssue, PollConfig } from "../contract";
import { validationFailed } from "../errors";
import { checkOutboundUrl, type OutboundPolicy } from "./url-policy";

/**
 * Write-time checks of every URL a config asks Pitwall to call. They run after the schema
 * (which stays importable by the web app and knows nothing of the deployment), where the
 * ALLOW_LOOPBACK_OUTBOUND setting is known; send time checks again (outbound/fetch.ts).
 */

/** The URLs a poll config makes Pitwall call, by field. */
function pollUrls(poll: PollConfig): [field: string, url: string][] {
  if (poll.kind === "json") return [["url", poll.url]];
  const urls: [string, string][] = poll.api_base_url ? [["api_base_url", poll.api_base_url]] : [];
  if (poll.kind === "gcp-bigquery" && poll.service_account_key) {
    const tokenUri = tokenUriOf(poll.service_account_key);
    if (tokenUri) urls.push(["service_account_key", tokenUri]);
  }
  return urls;
}

/** The key's own token endpoint, where the signed assertion goes; malformed keys are the poller's to report. */
function tokenUriOf(key: string): string | null {
  try {
    const parsed: unknown = JSON.parse(key);
    const uri = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>).token_uri : undefined;
    return typeof uri === "string" ? uri : null;
  } catch {
    return null;
  }
}

type SourcesInput = Partial<Record<string, { poll?: PollConfig | null } | undefined>>;
type ConfigInput = { sources?: SourcesInput; integrations?: { gcp_billing?: { jwks_url?: string | null } | null } };

/** One issue per refused URL of a create or PATCH body, with its path; empty when all may be called. */
export function configUrlIssues(input: ConfigInput, policy: OutboundPolicy): ErrorIssue[] {
  const issues: ErrorIssue[] = [];
  for (const [source, config] of Object.entries(input.sources ?? {})) {
    if (!config?.poll) continue;
    for (const [field, url] of pollUrls(config.poll)) {
      const verdict = checkOutboundUrl(url, policy);
      if (verdict.ok) continue;
      // The key is a credential: name its token_uri, never echo the key.
      const message = field === "service_account_key" ? `token_uri refused: ${verdict.reason}` : `refused: ${verdict.reason}`;
      issues.push({ path: `sources.${source}.poll.${field}`, message });
    }
  }
  const jwksUrl = input.integrations?.gcp_billing?.jwks_url;
  if (jwksUrl) {
    const verdict = checkOutboundUrl(jwksUrl, policy);
    if (!verdict.ok) issues.push({ path: "integrations.gcp_billing.jwks_url", message: `refused: ${verdict.reason}` });
  }
  return issues;
}

/** Slack and Discord channels take only their service's webhook URLs (https, default port). */
const CHANNEL_SERVICES: Partial<Record<ChannelKind, { hosts: string[]; pathPrefix: string; takes: string }>> = {
  slack: {
    hosts: ["hooks.slack.com"],
    pathPrefix: "/services/",
    takes: "a Slack incoming-webhook URL (https://hooks.slack.com/services/…)",
  },
  discord: {
    hosts: ["discord.com", "discordapp.com", "ptb.discord.com", "canary.discord.com"],
    pathPrefix: "/api/webhooks/",
    takes: "a Discord webhook URL (https://discord.com/api/webhooks/…)",
  },
};

/**
 * Why a channel of `kind` may not send to `url`, or null. A loopback receiver passes for every
 * kind under ALLOW_LOOPBACK_OUTBOUND=1, so local fakes stand in for Slack and Discord.
 */
export function channelUrlRefusal(kind: ChannelKind, url: string, policy: OutboundPolicy): string | null {
  const verdict = checkOutboundUrl(url, policy);
  if (!verdict.ok) return `refused: ${verdict.reason}`;
  const service = CHANNEL_SERVICES[kind];
  if (!service || verdict.loopback) return null;
  const { hostname, port, pathname } = verdict.url;
  if (service.hosts.includes(hostname) && port === "" && pathname.startsWith(service.pathPrefix)) return null;
  return `a ${kind} channel takes only ${service.takes}`;
}

/** Throws the 400 listing every refused URL of a create or PATCH body; nothing is stored then. */
export function refuseOutboundUrls(input: ConfigInput, policy: OutboundPolicy): void {
  const issues = configUrlIssues(input, policy);
  if (issues.length > 0) throw validationFailed(issues, "The config asks Pitwall to call a URL it may not (docs/contract.md section 1)");
}
