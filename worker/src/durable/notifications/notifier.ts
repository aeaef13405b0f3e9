import type { Alert, ChannelCreate, ChannelCreated, ChannelList, DeliveryList, DeliveryQueued } from "../../contract";
import { notFound, validationFailed } from "../../errors";
import { channelUrlRefusal } from "../../outbound/config-urls";
import type { OutboundPolicy } from "../../outbound/url-policy";
import { scheduleTimer } from "../alarm-plan";
import type { RoomRecord } from "../room-record";
import { deleteChannelRows, findChannel, insertChannel, listChannelRows, toChannel } from "./channels";
import {
  enqueueAlertChanges,
  flushDueGroups,
  insertDelivery,
  listDeliveries,
  nextNotificationDue,
  queueRepeats,
  toDelivery,
} from "./queue";
import { sendDueDeliveries } from "./send";

type NotificationDeps = {
  storage: DurableObjectStorage;
  now: () => number;
  /** The receivers' transport; tests may swap it. */
  fetch?: typeof fetch;
  /** Where receivers may be (the deployment's ALLOW_LOOPBACK_OUTBOUND), read when needed. */
  outbound: () => OutboundPolicy;
};

/**
 * The hackathon's outbound notifications: its channels (webhook, Slack…), the durable queue of
 * alert changes grouped per channel, and the `notifications` timer that sends what is due.
 */
export class Notifier {
  constructor(private readonly deps: NotificationDeps) {}

  get #sql(): SqlStorage {
    return this.deps.storage.sql;
  }

  #channel(id: string) {
    const channel = findChannel(this.#sql, id);
    if (!channel) throw notFound("No such channel");
    return channel;
  }

  /** Queues what changed alerts mean for each channel; true when the timer may have moved earlier. */
  onAlertChanges(alerts: Alert[]): boolean {
    if (alerts.length === 0) return false;
    const now = this.deps.now();
    return this.deps.storage.transactionSync(() => {
      const flushAt = enqueueAlertChanges(this.#sql, alerts, now);
      if (flushAt !== null) scheduleTimer(this.#sql, "notifications", flushAt);
      return flushAt !== null;
    });
  }

  create(input: ChannelCreate): ChannelCreated {
    const refusal = channelUrlRefusal(input.kind, input.url, this.deps.outbound());
    if (refusal) throw validationFailed([{ path: "url", message: refusal }]);
    const row = insertChannel(this.#sql, input, this.deps.now());
    return { channel: toChannel(row), signing_secret: row.secret };
  }

  list(): ChannelList {
    return { channels: listChannelRows(this.#sql).map(toChannel) };
  }

  remove(id: string): void {
    if (!this.deps.storage.transactionSync(() => deleteChannelRows(this.#sql, id))) throw notFound("No such channel");
  }

  /** A test notification, due now; it is tried even on a failing channel, and a success clears that. */
  test(id: string): DeliveryQueued {
    const channel = this.#channel(id);
    const now = this.deps.now();
    const row = this.deps.storage.transactionSync(() => {
      const row = insertDelivery(this.#sql, channel, "test", { status: "firing", alerts: [] }, now);
      scheduleTimer(this.#sql, "notifications", now);
      return row;
    });
    return { delivery: toDelivery(row) };
  }

  deliveries(id: string): DeliveryList {
    this.#channel(id);
    return { deliveries: listDeliveries(this.#sql, id) };
  }

  /** The `notifications` timer: flush due groups, queue repeats, send what is due. Returns its next run. */
  async run(record: RoomRecord): Promise<number | null> {
    const hackathonId = record.config.id;
    this.deps.storage.transactionSync(() => {
      flushDueGroups(this.#sql, hackathonId, this.deps.now());
      queueRepeats(this.#sql, hackathonId, this.deps.now());
    });
    await sendDueDeliveries({
      storage: this.deps.storage,
      hackathonId,
      now: this.deps.now,
      fetch: this.deps.fetch,
      outbound: this.deps.outbound(),
    });
    return nextNotificationDue(this.#sql);
  }
}
