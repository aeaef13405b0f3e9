import { type FieldErrors, NO_ERRORS, type SaveFailure } from "./field-errors";

/**
 * What a console form says about its last attempt: the fields it marks, and one sentence for the
 * whole form (shown by ErrorSummary and FieldError).
 */
export class FormFeedback {
  errors = $state.raw<FieldErrors>(NO_ERRORS);
  message = $state<string | null>(null);

  /** The form's own check refused the values: mark the fields, and say that nothing went. */
  refuse(errors: FieldErrors, message: string): void {
    this.errors = errors;
    this.message = message;
  }

  /** The values passed the check: what an earlier attempt marked no longer stands. */
  clear(): void {
    this.errors = NO_ERRORS;
    this.message = null;
  }

  /** The API refused the values, or its answer was lost. */
  fail(failure: SaveFailure): void {
    this.errors = failure.fields;
    this.message = failure.message;
  }
}
