/**
 * Where a transcript's lines are kept (StoreTranscriptStore decides what a line holds): in the document store's
 * collections (documentTranscriptLog.ts, for MongoDB) or in one append-only file per conversation
 * (fileTranscriptLog.ts, for the embedded store, which would otherwise hold every transcript in memory).
 */

/** One logged activity: the redacted, trimmed activity as JSON, and what it is found and ordered by. */
export interface TranscriptLine {
  /** Sorts in logging order (see `sequentialId` in transcriptStorage.ts). */
  id: string;
  channelId: string;
  conversationId: string;
  timestamp: Date;
  activity: string;
}

/** One conversation that has a transcript. */
export interface TranscriptConversation {
  channelId: string;
  conversationId: string;
  /** The timestamp of its first line. */
  created: Date;
}

export interface TranscriptLog {
  /** Creates what the log needs (collections and their indexes, a folder) before the first turn. */
  open(): Promise<void>;
  /** Appends a batch (one or more conversations' lines, each conversation's in logging order); `expiresAt` for all. */
  append(lines: readonly TranscriptLine[], expiresAt: Date): Promise<void>;
  /** The conversation's lines in (timestamp, id) order from `from` on, after the line `afterId` when given; unexpired at `now`. */
  lines(channelId: string, conversationId: string, query: { afterId?: string; from?: Date; limit: number; now: Date }): Promise<TranscriptLine[]>;
  /** The channel's conversations in (created, conversationId) order, after `afterConversationId` when given. */
  conversations(channelId: string, query: { afterConversationId?: string; limit: number; now: Date }): Promise<TranscriptConversation[]>;
  delete(channelId: string, conversationId: string): Promise<void>;
  /** Removes what expired before `now` (a no-op where the backend's TTL index does it). */
  sweep(now: Date): Promise<void>;
  /** Releases what the log holds open (files); it may be used again afterwards. */
  close(): Promise<void>;
}

/** (timestamp, id) order: the order activities were logged in, also across equal timestamps. */
export function byTimeThenId(a: { timestamp: Date; id: string }, b: { timestamp: Date; id: string }): number {
  return a.timestamp.getTime() - b.timestamp.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
