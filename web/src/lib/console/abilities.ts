import { type Me, roleAtLeast } from "$contract";

/** What the console offers a role (docs/contract.md sections 2 and 3); anything else is hidden, not refused. */
export interface ConsoleAbilities {
  /** Create hackathons, change configuration and members, rotate, archive: the admin only. */
  administer: boolean;
  /** Silences, the audit log and test events: an operator or the admin. */
  operate: boolean;
  /** Reads and CSV exports: any role of the hackathon but ingest. */
  read: boolean;
}

export function consoleAbilities(role: Me["role"]): ConsoleAbilities {
  return {
    administer: role === "admin",
    operate: roleAtLeast(role, "operator"),
    read: roleAtLeast(role, "viewer"),
  };
}
