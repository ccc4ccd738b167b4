import { createHash } from 'node:crypto';
import type { Doc } from '../store/documentStore.ts';

/**
 * Where a conversation stands with people (DESIGN.md "Handoff"): with the bot; queued for an agent;
 * assigned to one; or back with the bot after the wait ran out (expired) or the agent went silent
 * (abandoned). Expired and abandoned behave like 'bot' for the user; they keep the reason visible.
 */
export type HandoffState = 'bot' | 'queued' | 'assigned' | 'abandoned' | 'expired';

/** How the last handoff ended. */
export type HandoffOutcome = 'returned' | 'cancelled' | 'expired' | 'abandoned' | 'failed' | 'completed';

export interface HandoffNote {
  by: string;
  at: Date;
  text: string;
}

export interface HandoffRating {
  score: number;
  comment?: string;
  at: Date;
  agentId?: string;
}

/**
 * One document per conversation, changed only by compare-and-set on `version`, so that whichever
 * instance acts, and however many act at once, every transition happens exactly once.
 */
export interface HandoffRecord extends Doc {
  tenant: string;
  channelId: string;
  conversationId: string;
  /** The Bot Framework conversation reference as JSON: what any instance needs to message the user. */
  reference: string;
  locale: 'ja' | 'en';
  state: HandoffState;
  version: number;
  /** Counts the handoffs of this conversation; a rating names the one it is for. */
  round: number;
  queuedAt?: Date;
  /** The position when the user joined the queue (for the wait estimate). */
  startPosition?: number;
  /** The last position the user was told. */
  toldPosition?: number;
  /** Timers, in the store so that any instance runs them, also after a restart. */
  waitDeadline?: Date;
  idleDeadline?: Date;
  assignedAt?: Date;
  agentId?: string;
  agentName?: string;
  /** What the bot was doing when the user asked for a person. */
  intent?: string;
  steps: string[];
  notes: HandoffNote[];
  userTypingAt?: Date;
  agentTypingAt?: Date;
  outcome?: HandoffOutcome;
  endedAt?: Date;
  /** Served by an external contact-center hub through `handoff.initiate` (not listed in the console). */
  external?: boolean;
  /** Set when the user came back from an agent and has not rated yet. */
  ratingPending?: number;
  ratings: HandoffRating[];
}

/** States in which a person (or the queue) has the conversation: the dialogs must not see the user's messages. */
export const isLive = (state: HandoffState): boolean => state === 'queued' || state === 'assigned';

/** A URL-safe id per conversation: the same for every instance, with no user text in it. */
export function handoffIdOf(channelId: string, conversationId: string): string {
  return createHash('sha256').update(`${channelId}/${conversationId}`).digest('base64url').slice(0, 22);
}

export const HANDOFF_ID = /^[A-Za-z0-9_-]{22}$/;
