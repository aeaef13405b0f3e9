import type { ErrorIssue } from "$contract";
import { ApiError } from "$lib/api/client";

/** Messages per field, keyed by the contract's dotted issue path (`budget.amount`, `sources.cost.poll.url`). */
export type FieldErrors = Readonly<Record<string, readonly string[]>>;

export const NO_ERRORS: FieldErrors = Object.freeze({});

/** The same path the server writes into `issues` (worker/src/errors.ts): keys joined with dots. */
export const issuePath = (path: readonly PropertyKey[]): string => path.map(String).join(".");

/** Groups issues by path, in the order they came. */
export function fieldErrors(issues: readonly ErrorIssue[]): FieldErrors {
  const grouped: Record<string, string[]> = {};
  for (const { path, message } of issues) grouped[path] = [...(grouped[path] ?? []), message];
  return grouped;
}

/** The issues behind grouped errors again, to merge several groups. */
export function issuesOf(errors: FieldErrors): ErrorIssue[] {
  return Object.entries(errors).flatMap(([path, messages]) => messages.map((message) => ({ path, message })));
}

/** Issues of a failed zod parse, keyed as the API would key them. */
export function zodFieldErrors(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): FieldErrors {
  return fieldErrors(error.issues.map((issue) => ({ path: issuePath(issue.path), message: issue.message })));
}

/** The messages of a field and of everything inside it (`members` also shows `members.a@b.c`). */
export function errorsUnder(errors: FieldErrors, path: string): string[] {
  return Object.entries(errors).flatMap(([key, messages]) => (key === path || key.startsWith(`${path}.`) ? messages : []));
}

export const hasErrors = (errors: FieldErrors): boolean => Object.keys(errors).length > 0;

/** What a failed save says: the API's field errors, and one sentence for the whole form. */
export interface SaveFailure {
  fields: FieldErrors;
  message: string;
}

/** A refusal changes nothing on the server (docs/contract.md section 5); a lost answer may have. */
export function saveFailure(error: unknown, action: string): SaveFailure {
  if (error instanceof ApiError && error.status >= 400) {
    const fields = fieldErrors(error.issues);
    const detail = hasErrors(fields) ? "see the fields marked" : error.message;
    return { fields, message: `Could not ${action}: ${detail}. Nothing was saved.` };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return { fields: NO_ERRORS, message: `Could not ${action}: ${detail}. Reload to see whether it was saved.` };
}

/** The DOM id of a field's input, and of its error text (`aria-describedby`), from its issue path. */
export const fieldId = (path: string): string => `field-${path.replace(/[^A-Za-z0-9_-]/g, "-")}`;
export const errorId = (path: string): string => `${fieldId(path)}-error`;

/** The attributes that tie an input to its issue path: its id, and its error text while it has one. */
export function fieldAttributes(errors: FieldErrors, path: string): { id: string; "aria-invalid"?: "true"; "aria-describedby"?: string } {
  return errorsUnder(errors, path).length > 0
    ? { id: fieldId(path), "aria-invalid": "true", "aria-describedby": errorId(path) }
    : { id: fieldId(path) };
}
