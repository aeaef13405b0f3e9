import { MAX_DISTINCT_NAMES } from "../ingest/caps";

/** Where spend and tokens whose event named no `service` are listed (docs/API.md). */
export const UNATTRIBUTED = "(unattributed)";

/** Storage keeps "no service" as '' in keyed tables (a service name is never empty) and NULL in ledgers. */
export const serviceLabel = (service: string | null): string => (service === null || service === "" ? UNATTRIBUTED : service);

/**
 * A by-service list holds at most the named services a hackathon may have (the services cap of
 * ingest/caps.ts) and the unattributed row: a dashboard row each, so the list stays bounded even
 * when polls, which the cap does not refuse, name more.
 */
export const MAX_SERVICE_ROWS = MAX_DISTINCT_NAMES + 1;
