import { z } from 'zod';

/**
 * The door check for POST /api/messages, before the adapter sees the body: a JSON object with a
 * `type`, a conversation and a reply address. In local mode (no Bot Framework authentication)
 * replies go only to loopback addresses, so an unauthenticated caller cannot make the bot post elsewhere.
 */
const Incoming = z.object({
  type: z.string().min(1).max(64),
  id: z.string().max(256).optional(),
  serviceUrl: z.string().min(1).max(2048),
  channelId: z.string().min(1).max(128),
  conversation: z.object({ id: z.string().min(1).max(512) }),
  from: z.object({ id: z.string().min(1).max(512) }).optional(),
  text: z.string().optional(),
  locale: z.string().max(32).optional(),
});

export type GuardResult = { ok: true } | { ok: false; status: number; message: string };

export function checkIncomingActivity(body: unknown, localMode: boolean): GuardResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, status: 400, message: 'the body must be a JSON object (an Activity)' };
  }
  const parsed = Incoming.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, status: 400, message: `invalid activity: ${issue.path.join('.') || 'body'}: ${issue.message}` };
  }
  if (localMode && !isLoopbackUrl(parsed.data.serviceUrl)) {
    return { ok: false, status: 400, message: 'local mode replies only to a loopback serviceUrl' };
  }
  return { ok: true };
}

export function isLoopbackUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
