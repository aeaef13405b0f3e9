import { HackathonCreateSchema } from "$contract";
import type { HackathonCreateInput } from "$lib/api/hackathon-admin";
import { type FieldErrors, zodFieldErrors } from "./field-errors";
import { DATE_PROBLEM, fromLocalInput, NUMBER_PROBLEM, numberFrom, toLocalInput } from "./form-values";

/** What the create form holds: text as typed, turned into the contract's input on submit. */
export interface CreateValues {
  name: string;
  id: string;
  /** Once the id is typed by hand, the name no longer proposes one. */
  idTouched: boolean;
  amount: string;
  currency: string;
  startsAt: string;
  endsAt: string;
  public: boolean;
}

const HOUR_MS = 3_600_000;
/** A weekend hackathon: from the next full hour, for two days. */
const DEFAULT_LENGTH_MS = 48 * HOUR_MS;
const ID_MAX = 48;

export function defaultCreateValues(now: number): CreateValues {
  const start = Math.ceil(now / HOUR_MS) * HOUR_MS;
  return {
    name: "",
    id: "",
    idTouched: false,
    amount: "500",
    currency: "USD",
    startsAt: toLocalInput(start),
    endsAt: toLocalInput(start + DEFAULT_LENGTH_MS),
    public: false,
  };
}

/** The id a name proposes: lower case, accents dropped, anything else a single dash ("Spring Jam '26" → "spring-jam-26"). */
export function slugFromName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, ID_MAX)
    .replace(/-+$/, "");
}

/** The values after the name changed: the id follows the name until it is typed by hand. */
export function withName(values: CreateValues, name: string): CreateValues {
  return { ...values, name, id: values.idTouched ? values.id : slugFromName(name) };
}

export type CreateCheck = { ok: true; input: HackathonCreateInput } | { ok: false; errors: FieldErrors };

/**
 * The request body and whether the API would take it: the contract's own schema judges it, so the
 * form refuses exactly what the API refuses. Fields that are not even a number or a date say so in
 * words instead of zod's ("expected number, received NaN").
 */
export function checkCreate(values: CreateValues): CreateCheck {
  const amount = numberFrom(values.amount);
  const startsAt = fromLocalInput(values.startsAt);
  const endsBlank = values.endsAt.trim() === "";
  const endsAt = endsBlank ? null : fromLocalInput(values.endsAt);
  const input: HackathonCreateInput = {
    id: values.id.trim(),
    name: values.name.trim(),
    budget: { amount: amount ?? Number.NaN, currency: values.currency.trim().toUpperCase() },
    starts_at: startsAt ?? "",
    ends_at: endsAt ?? (endsBlank ? null : ""),
    public: values.public,
  };
  const own: Record<string, string[]> = {};
  if (amount === null) own["budget.amount"] = [NUMBER_PROBLEM];
  if (startsAt === null) own.starts_at = [DATE_PROBLEM];
  if (!endsBlank && endsAt === null) own.ends_at = [DATE_PROBLEM];
  const parsed = HackathonCreateSchema.safeParse(input);
  if (parsed.success && Object.keys(own).length === 0) return { ok: true, input };
  const fromSchema: FieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error);
  return { ok: false, errors: { ...fromSchema, ...own } };
}
