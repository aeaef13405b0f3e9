import { createMute, endMute, type MuteInput, type MuteKind, type MuteResult, muteAnswer } from "../alerts/mute-windows";
import { muteAuditEntry } from "./entries";
import { appendAudit } from "./log";

/** A change of silences or maintenance windows, run in one storage transaction (alerts/evaluation.ts `changeMutes`). */
export type MuteChange = (sql: SqlStorage, now: number) => MuteResult;

/** Makes a silence or maintenance window and writes its audit entry beside it. `by`: the caller's credential, never the body. */
export function auditedCreateMute<K extends MuteKind>(kind: K, input: MuteInput[K], by: string): MuteChange {
  return (sql, now) => {
    const mute = createMute(sql, kind, input, now, by);
    appendAudit(sql, now, muteAuditEntry("create", mute, by));
    return muteAnswer(mute);
  };
}

/** Ends one early; only an end that changed something (it was still running) is audited. */
export function auditedEndMute(kind: MuteKind, id: string, by: string): MuteChange {
  return (sql, now) => {
    const { mute, ended } = endMute(sql, kind, id, now, by);
    if (ended) appendAudit(sql, now, muteAuditEntry("end", mute, by));
    return muteAnswer(mute);
  };
}
