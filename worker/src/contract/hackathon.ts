import { z } from "zod";
import { CurrencySchema, HackathonIdSchema, IsoTimestampSchema, SOURCE_NAMES } from "./common";
import { MAX_EVENT_QUANTITY } from "./events";
import { MEMBER_ROLES, MembersSchema } from "./members";

export const HACKATHON_STATUSES = ["active", "paused", "completed", "archived"] as const;
export const HackathonStatusSchema = z.enum(HACKATHON_STATUSES);

/** A cent at least and no more than any one event may spend: spend / budget must stay a finite fraction. */
export const MIN_BUDGET_AMOUNT = 0.01;
export const BudgetSchema = z.object({
  amount: z.number().gte(MIN_BUDGET_AMOUNT).lte(MAX_EVENT_QUANTITY),
  currency: CurrencySchema.default("USD"),
});

const fraction = z.number().gt(0).lte(1);
// zod applies defaults inside .partial(), so PATCH schemas are built from the bare fields.
/** How long a condition must stay clear before its alert resolves itself. */
const alertHoldSeconds = z.number().int().min(1).max(86_400);
const ThresholdsPatchSchema = z
  .object({ budget_warning: fraction, budget_critical: fraction, anomaly: fraction, alert_hold_s: alertHoldSeconds })
  .partial();
export const ThresholdsSchema = z.object({
  budget_warning: fraction.default(0.8),
  budget_critical: fraction.default(0.95),
  anomaly: fraction.default(0.8),
  alert_hold_s: alertHoldSeconds.default(300),
});
export type Thresholds = z.infer<typeof ThresholdsSchema>;

const httpUrl = z.url({ protocol: /^https?$/ });
/** The provider's API root, for a proxy or a local fake; the provider's public API by default. */
const apiBaseUrl = httpUrl.optional();
/** Marks a field that is accepted on write and never returned. */
const writeOnlySecret = z.string().min(1).max(8192);

export const JsonPollSchema = z.object({
  kind: z.literal("json"),
  url: httpUrl,
  headers: z.record(z.string(), z.string()).optional(),
});
export const GcpBigQueryPollSchema = z.object({
  kind: z.literal("gcp-bigquery"),
  api_base_url: apiBaseUrl,
  project_id: z.string().min(1),
  table: z.string().min(1).describe("dataset.table of the Cloud Billing export"),
  billing_project_id: z.string().min(1).optional(),
  location: z.string().min(1).optional(),
  service_account_key: writeOnlySecret.optional(),
});
export const GithubIssuesPollSchema = z.object({
  kind: z.literal("github-issues"),
  api_base_url: apiBaseUrl,
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, "must be owner/name"),
  labels: z.array(z.string()).optional(),
  milestone: z.string().optional(),
  token: writeOnlySecret.optional(),
});
export const OpenAiUsagePollSchema = z.object({
  kind: z.literal("openai-usage"),
  api_base_url: apiBaseUrl,
  project_ids: z.array(z.string()).optional(),
  admin_key: writeOnlySecret.optional(),
});
export const AnthropicUsagePollSchema = z.object({
  kind: z.literal("anthropic-usage"),
  api_base_url: apiBaseUrl,
  workspace_ids: z.array(z.string()).optional(),
  admin_key: writeOnlySecret.optional(),
});

export const PollConfigSchema = z.discriminatedUnion("kind", [
  JsonPollSchema,
  GcpBigQueryPollSchema,
  GithubIssuesPollSchema,
  OpenAiUsagePollSchema,
  AnthropicUsagePollSchema,
]);
export type PollConfig = z.infer<typeof PollConfigSchema>;

/** Fields of a poll config that are write-only credentials. */
export const POLL_SECRET_FIELDS = ["service_account_key", "token", "admin_key", "headers"] as const;
export type PollSecretField = (typeof POLL_SECRET_FIELDS)[number];

/**
 * A poll config as reads show it: its options without credentials, `credentials_set` naming
 * the ones stored, and `url` / `api_base_url` cut to their origin (a path or query may carry a key).
 */
export const PollReadSchema = z.looseObject({
  kind: z.enum(PollConfigSchema.options.map((o) => o.shape.kind.value) as [PollConfig["kind"], ...PollConfig["kind"][]]),
  url: z.string().optional().describe("json polls: the URL's origin only"),
  api_base_url: z.string().optional().describe("the origin only"),
  credentials_set: z.array(z.enum(POLL_SECRET_FIELDS)).describe("which write-only credentials are stored; never their values"),
});
export type PollRead = z.infer<typeof PollReadSchema>;

/** How Pub/Sub push deliveries of Cloud Billing budget notifications are authenticated. */
const oidcAudience = z.string().min(1).max(2048);
const serviceAccountEmail = z.email();
export const GcpBillingIntegrationSchema = z.object({
  /** The `audience` of the push subscription's OIDC token; by default the push endpoint's own URL. */
  oidc_audience: oidcAudience.optional(),
  /** The push subscription's service account; OIDC tokens are accepted only when it is set. */
  service_account_email: serviceAccountEmail.optional(),
  /** Google's signing keys (https://www.googleapis.com/oauth2/v3/certs by default), for a proxy or a local fake. */
  jwks_url: httpUrl.optional(),
});
export type GcpBillingIntegration = z.infer<typeof GcpBillingIntegrationSchema>;
export const IntegrationsSchema = z.object({ gcp_billing: GcpBillingIntegrationSchema.optional() });
export type Integrations = z.infer<typeof IntegrationsSchema>;
/** A PATCH merges field by field; null removes a field (or, for gcp_billing, the whole block). */
const IntegrationsPatchSchema = z
  .object({
    gcp_billing: z
      .object({
        oidc_audience: oidcAudience.nullable(),
        service_account_email: serviceAccountEmail.nullable(),
        jwks_url: httpUrl.nullable(),
      })
      .partial()
      .strict()
      .nullable(),
  })
  .partial()
  .strict();
export type IntegrationsPatch = z.infer<typeof IntegrationsPatchSchema>;

const seconds = z.number().int().gte(1);
const SourceConfigPatchSchema = z
  .object({
    event_timeout_s: seconds,
    poll_interval_s: seconds,
    reconciliation_interval_s: seconds,
    poll: PollConfigSchema.nullable(),
  })
  .partial();
type SourceTimings = { event_timeout_s: number; poll_interval_s: number; reconciliation_interval_s: number };

/**
 * Defaults per source, fitted to how often each sender speaks (docs/contract.md section 1;
 * the reasons are in docs/hysteresis.md, "Default timings"). A 30 s timeout everywhere made a
 * healthy hackathon look broken within a minute of its senders going quiet.
 */
export const SOURCE_DEFAULTS = {
  // Budget notifications come a few times a day; the BigQuery export runs hours behind.
  cost: { event_timeout_s: 21_600, poll_interval_s: 900, reconciliation_interval_s: 3_600 },
  // A project board can be quiet for hours (nights, long tasks).
  tasks: { event_timeout_s: 21_600, poll_interval_s: 300, reconciliation_interval_s: 900 },
  // Both stream while a team works; a quarter of an hour without one is a real pause.
  tokens: { event_timeout_s: 900, poll_interval_s: 300, reconciliation_interval_s: 900 },
  performance: { event_timeout_s: 900, poll_interval_s: 60, reconciliation_interval_s: 900 },
} as const satisfies Record<(typeof SOURCE_NAMES)[number], SourceTimings>;

function sourceConfigWithDefaults(d: SourceTimings) {
  return z.object({
    event_timeout_s: seconds.default(d.event_timeout_s),
    poll_interval_s: seconds.default(d.poll_interval_s),
    reconciliation_interval_s: seconds.default(d.reconciliation_interval_s),
    poll: PollConfigSchema.nullable().default(null),
  });
}

/** A source's config as stored: every field set (defaults come per source, from SourcesSchema). */
export const SourceConfigSchema = z.object({
  event_timeout_s: seconds,
  poll_interval_s: seconds,
  reconciliation_interval_s: seconds,
  poll: PollConfigSchema.nullable(),
});
export type SourceConfig = z.infer<typeof SourceConfigSchema>;

/** One source's config on create, with that source's own defaults. */
export const sourceConfigSchemaFor = (name: (typeof SOURCE_NAMES)[number]) => sourceConfigWithDefaults(SOURCE_DEFAULTS[name]);

export const SourcesSchema = z.object(
  Object.fromEntries(
    SOURCE_NAMES.map((name) => {
      const schema = sourceConfigSchemaFor(name);
      return [name, schema.default(() => schema.parse({}))];
    }),
  ) as {
    [K in (typeof SOURCE_NAMES)[number]]: z.ZodDefault<ReturnType<typeof sourceConfigWithDefaults>>;
  },
);

/** What the creator sends; defaults fill the rest. */
export const HackathonCreateSchema = z
  .object({
    id: HackathonIdSchema,
    name: z.string().min(1).max(120),
    status: HackathonStatusSchema.exclude(["archived"]).default("active"),
    budget: BudgetSchema,
    starts_at: IsoTimestampSchema,
    ends_at: IsoTimestampSchema.nullable().optional(),
    public: z.boolean().default(false),
    thresholds: ThresholdsSchema.default(() => ThresholdsSchema.parse({})),
    sources: SourcesSchema.default(() => SourcesSchema.parse({})),
    integrations: IntegrationsSchema.optional(),
    members: MembersSchema.optional(),
  })
  .refine((h) => !h.ends_at || Date.parse(h.ends_at) > Date.parse(h.starts_at), {
    path: ["ends_at"],
    message: "must be after starts_at",
  });
export type HackathonCreate = z.infer<typeof HackathonCreateSchema>;

export const HackathonUpdateSchema = z
  .object({
    name: z.string().min(1).max(120),
    status: HackathonStatusSchema.exclude(["archived"]),
    budget: BudgetSchema,
    starts_at: IsoTimestampSchema,
    ends_at: IsoTimestampSchema.nullable(),
    public: z.boolean(),
    thresholds: ThresholdsPatchSchema,
    sources: z
      .object(
        Object.fromEntries(SOURCE_NAMES.map((name) => [name, SourceConfigPatchSchema])) as {
          [K in (typeof SOURCE_NAMES)[number]]: typeof SourceConfigPatchSchema;
        },
      )
      .partial(),
    integrations: IntegrationsPatchSchema,
    /** Replaces the whole map (`{}` removes everyone). */
    members: MembersSchema,
  })
  .partial()
  .strict();
export type HackathonUpdate = z.infer<typeof HackathonUpdateSchema>;

/** A hackathon as every endpoint returns it: credentials are never part of it. */
export const HackathonSchema = z.object({
  id: HackathonIdSchema,
  name: z.string(),
  status: HackathonStatusSchema,
  budget: z.object({ amount: z.number(), currency: CurrencySchema }),
  starts_at: z.string(),
  ends_at: z.string().nullable(),
  public: z.boolean(),
  thresholds: z.object({ budget_warning: z.number(), budget_critical: z.number(), anomaly: z.number(), alert_hold_s: z.number() }),
  sources: z.record(
    z.enum(SOURCE_NAMES),
    z.object({
      event_timeout_s: z.number(),
      poll_interval_s: z.number(),
      reconciliation_interval_s: z.number(),
      poll: PollReadSchema.nullable(),
    }),
  ),
  /** Always returned by the API; optional so older clients' literals still type-check. */
  integrations: IntegrationsSchema.optional(),
  /** Only in answers to an admin (token or signed-in admin): who may sign in, and as what. */
  members: z.record(z.string(), z.enum(MEMBER_ROLES)).optional(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Hackathon = z.infer<typeof HackathonSchema>;

export const WebhookUrlsSchema = z.object({ events: z.string(), github: z.string(), gcp_billing: z.string() });

export const HackathonCredentialsSchema = z.object({
  hackathon: HackathonSchema,
  viewer_token: z.string().describe("reads this hackathon"),
  operator_token: z.string().describe("reads, and acknowledges/resolves alerts, silences, maintenance"),
  ingest_token: z.string().describe("only sends data to the bearer-authenticated inbound routes; reads nothing"),
  webhook_secret: z.string().startsWith("whsec_"),
  webhook_urls: WebhookUrlsSchema,
});
export type HackathonCredentials = z.infer<typeof HackathonCredentialsSchema>;
