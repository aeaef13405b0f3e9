import {
  ChannelCreatedSchema,
  ChannelListSchema,
  DeliveryListSchema,
  DeliveryQueuedSchema,
  type Channel,
  type ChannelCreate,
  type ChannelCreated,
  type Delivery,
} from "$contract";
import { ApiError, type ApiClient } from "./client";
import { hackathonPath } from "./hackathons";

function channelsPath(id: string, channelId?: string): string {
  const base = `${hackathonPath(id)}/channels`;
  return channelId === undefined ? base : `${base}/${encodeURIComponent(channelId)}`;
}

/** The hackathon's notification channels (admin only: anything else is answered 401). */
export async function listChannels(api: ApiClient, id: string): Promise<Channel[]> {
  return (await api.get(channelsPath(id), ChannelListSchema)).channels;
}

/** Creates a channel; the answer carries a webhook channel's signing secret, shown this once. */
export function createChannel(api: ApiClient, id: string, input: ChannelCreate): Promise<ChannelCreated> {
  return api.post(channelsPath(id), ChannelCreatedSchema, input);
}

/** Deletes the channel with its queue and delivery log. */
export function deleteChannel(api: ApiClient, id: string, channelId: string): Promise<void> {
  return api.delete(channelsPath(id, channelId));
}

/** Queues a test notification, sent on the object's next timer run (within seconds). */
export async function sendTestNotification(api: ApiClient, id: string, channelId: string): Promise<Delivery> {
  return (await api.post(`${channelsPath(id, channelId)}/test`, DeliveryQueuedSchema)).delivery;
}

/** The channel's delivery log, newest first. */
export async function listDeliveries(api: ApiClient, id: string, channelId: string): Promise<Delivery[]> {
  return (await api.get(`${channelsPath(id, channelId)}/deliveries`, DeliveryListSchema)).deliveries;
}

/** What this token may see of the channels: admin routes answer anything but the admin token with 401. */
export type ChannelAccess = { managed: true; channels: Channel[] } | { managed: false };

/** The channel list, or `managed: false` when the token in use is not the admin token. */
export async function readChannelAccess(api: ApiClient, id: string): Promise<ChannelAccess> {
  try {
    return { managed: true, channels: await listChannels(api, id) };
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return { managed: false };
    throw error;
  }
}
