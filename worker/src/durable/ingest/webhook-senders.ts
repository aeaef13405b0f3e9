import { githubSender } from "../../integrations/github/webhook";
import { gcpBillingSender } from "../../integrations/google/budget-push";
import type { Sender } from "../../integrations/sender";
import type { SenderEntry, SenderName } from "../../integrations/senders";
import { replayAsDuplicate } from "./replays";

/** GitHub's deliveries, checked against the board: one that changes nothing is a replay. */
const githubOnTheBoard: Sender = {
  authenticate: (request, ctx) => githubSender.authenticate(request, ctx),
  interpret: async (request, ctx) => replayAsDuplicate(await githubSender.interpret(request, ctx), ctx.sql),
};

/** Every webhook sender besides Pitwall's own events, with the source its events feed. */
export const SENDERS: Record<SenderName, SenderEntry> = {
  github: { sender: githubOnTheBoard, source: "tasks" },
  "gcp-billing": { sender: gcpBillingSender, source: "cost", alsoChanges: ["provider_budget"], invalidUtf8: "unusable" },
};
