import type { Activity, TranscriptStore } from 'botbuilder';
import { redactText } from '../../services/redaction/redact.ts';

/** One line of a conversation as the agent console shows it. */
export interface TranscriptEntry {
  from: 'user' | 'bot' | 'agent' | 'system';
  name?: string;
  text: string;
  at: string;
}

/** What marks the messages an agent sent, in the activity's channelData. */
export interface AgentMark {
  handoff: { from: 'agent' | 'system'; agentId?: string; name?: string };
}

/** Pages read at most; a conversation longer than this shows its first part (the console is for the issue at hand). */
const MAX_PAGES = 25;

/**
 * The conversation's messages from the transcript store (redacted when written, and again here so an older
 * record written before a rule existed is not shown raw). Cards show their plain-text fallback.
 */
export async function readTranscript(transcripts: TranscriptStore, channelId: string, conversationId: string, botId: string | undefined): Promise<TranscriptEntry[]> {
  const activities: Activity[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result = await transcripts.getTranscriptActivities(channelId, conversationId, token);
    activities.push(...result.items);
    token = result.continuationToken;
    if (!token) break;
  }
  return activities.filter((activity) => activity.type === 'message').map((activity) => toEntry(activity, botId)).filter((entry) => entry.text !== '');
}

function toEntry(activity: Activity, botId: string | undefined): TranscriptEntry {
  const mark = (activity.channelData as Partial<AgentMark> | undefined)?.handoff;
  const at = new Date(activity.timestamp ?? Date.now()).toISOString();
  const text = redactText(messageText(activity));
  if (mark?.from === 'agent') return { from: 'agent', ...(mark.name ? { name: mark.name } : {}), text, at };
  if (mark?.from === 'system') return { from: 'system', text, at };
  const fromBot = activity.from?.role === 'bot' || (botId !== undefined && activity.from?.id === botId);
  return { from: fromBot ? 'bot' : 'user', text, at };
}

function messageText(activity: Activity): string {
  const parts: string[] = [];
  if (typeof activity.text === 'string' && activity.text.trim() !== '') parts.push(activity.text);
  for (const attachment of activity.attachments ?? []) {
    const fallback = (attachment.content as { fallbackText?: unknown } | undefined)?.fallbackText;
    if (typeof fallback === 'string' && !parts.includes(fallback)) parts.push(fallback);
  }
  if (parts.length === 0 && activity.value !== undefined) parts.push(JSON.stringify(activity.value).slice(0, 500));
  return parts.join('\n');
}

/** A few lines for the ticket mail: the last `limit` messages, one per line. */
export function summarize(entries: readonly TranscriptEntry[], labels: Record<TranscriptEntry['from'], string>, limit = 20): string {
  return entries
    .slice(-limit)
    .map((entry) => `[${entry.at.slice(0, 16).replace('T', ' ')}Z] ${entry.name ?? labels[entry.from]}: ${entry.text.replace(/\s+/gu, ' ').slice(0, 300)}`)
    .join('\n');
}
