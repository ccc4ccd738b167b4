import type { ChannelActivity } from './channelActivity.ts';

/** A stored activity with its place in the conversation (the watermark it moves the client to). */
export interface HubEvent {
  activity: ChannelActivity;
  seq: number;
}

/** Called synchronously for each activity stored in the conversation, in sequence order. */
export type HubListener = (event: HubEvent) => void;

/**
 * In-process fan-out of newly stored activities to the conversation's open WebSockets.
 * It reaches only sockets held by this process: with several instances sharing one store, a socket on another
 * instance would not be pushed to (polling still works, as it always reads the store). The embedded store is
 * single-process anyway; a shared deployment would use Azure Direct Line.
 */
export class ActivityHub {
  private readonly listeners = new Map<string, Set<HubListener>>();

  /** Returns the function that unsubscribes. */
  subscribe(conversationId: string, listener: HubListener): () => void {
    let set = this.listeners.get(conversationId);
    if (!set) {
      set = new Set();
      this.listeners.set(conversationId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(conversationId) === set) this.listeners.delete(conversationId);
    };
  }

  publish(conversationId: string, event: HubEvent): void {
    for (const listener of this.listeners.get(conversationId) ?? []) listener(event);
  }
}
