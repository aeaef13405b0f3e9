import { unauthorized } from "../../errors";
import { roleOfToken } from "../credentials";
import type { RoomRecord } from "../room-record";

/**
 * OTLP's credential check inside the object (the Worker checked it too, before reading the
 * body; a rotation may have landed since). Anything but this hackathon's ingest token is the
 * same 401, and an unknown id is checked against the stand-in record, which no token matches.
 */
export async function requireIngestToken(token: string, record: RoomRecord): Promise<void> {
  if ((await roleOfToken(token, record)) !== "ingest") {
    throw unauthorized("Send the hackathon's ingest token as 'Authorization: Bearer <ingest_token>'");
  }
}
