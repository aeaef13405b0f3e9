import { ChannelCreatedSchema, DeliveryListSchema, type Delivery } from "../../worker/src/contract";
import type { webhookPayload } from "../../worker/src/durable/notifications/payloads";
import { fakeProvider } from "../fixtures/fake-providers/client";
import { alertingHackathon, cost, floodTokens, quietTokens } from "./alerts";
import { apiJson } from "./api";

/** A fresh fake receiver that answers `status` until told otherwise. */
export function fakeReceiver(status = 200) {
  return fakeProvider("receiver", { status });
}

/** Adds a channel through the admin API and returns the create answer (with its one-time secret). */
export async function addChannel(hackathonId: string, body: Record<string, unknown>) {
  const { status, body: answer } = await apiJson(`/api/hackathons/${hackathonId}/channels`, {
    method: "POST",
    json: { name: "ops", ...body },
  });
  if (status !== 201) throw new Error(`channel refused: ${status} ${JSON.stringify(answer)}`);
  return ChannelCreatedSchema.parse(answer);
}

export async function deliveriesOf(hackathonId: string, channelId: string): Promise<Delivery[]> {
  const { status, body } = await apiJson(`/api/hackathons/${hackathonId}/channels/${channelId}/deliveries`);
  if (status !== 200) throw new Error(`deliveries: ${status}`);
  return DeliveryListSchema.parse(body).deliveries;
}

/** Polls until `check` holds: for work the object's own alarm may be doing at the same moment. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 3000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A pinned budget-100 hackathon with one channel on a fresh receiver: a total of 85 is a budget
 * warning, 96 makes it critical; `flood` opens a critical token_flood alert beside it.
 */
export async function budgetSetup(now: number, channel: Record<string, unknown> = {}, receiverStatus = 200) {
  const h = await alertingHackathon(now, { budget: { amount: 100 } });
  const receiver = await fakeReceiver(receiverStatus);
  const created = await addChannel(h.id, { kind: "webhook", url: receiver.baseUrl, ...channel });
  const total = (value: number, offsetMs = 0) => h.send(cost(now - 60_000 + offsetMs, { total: value }));
  const bodies = async () => (await receiver.requests()).map((r) => JSON.parse(r.body) as ReturnType<typeof webhookPayload>);
  const flood = () => h.send(...quietTokens(now), ...floodTokens(now));
  return { h, receiver, created, channelId: created.channel.id, total, flood, bodies };
}
