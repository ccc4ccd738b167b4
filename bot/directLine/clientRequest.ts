import type { Request } from 'restify';
import { z } from 'zod';
import type { ConversationDoc, ConversationStore } from './conversationStore.ts';
import { DirectLineError } from './directLineError.ts';
import type { TokenSigner, VerifiedToken } from './tokenSigner.ts';

const Watermark = z.object({ watermark: z.string().regex(/^\d{0,9}$/).optional() });

/** The claims of the request's `Authorization: Bearer` client token; 403 when missing, forged or expired. */
export function bearerClaims(req: Request, signer: TokenSigner): VerifiedToken {
  const match = /^Bearer ([\w.-]+)$/.exec(req.header('authorization') ?? '');
  const claims = match?.[1] ? signer.verify(match[1], 'client') : null;
  if (!claims) throw new DirectLineError('TokenInvalid', 'the token is missing, invalid or expired');
  return claims;
}

/** The conversation named in the path, when the token is bound to it: else 403 (another's) or 404 (gone). */
export async function boundConversation(
  req: Request,
  signer: TokenSigner,
  conversations: ConversationStore,
): Promise<{ claims: VerifiedToken; conversation: ConversationDoc }> {
  const claims = bearerClaims(req, signer);
  const conversationId: unknown = req.params.conversationId;
  if (typeof conversationId !== 'string' || claims.conv !== conversationId) {
    throw new DirectLineError('Forbidden', 'the token is not valid for this conversation');
  }
  const conversation = await conversations.get(conversationId);
  if (!conversation) throw new DirectLineError('NotFound', 'conversation not found');
  return { claims, conversation };
}

/** `?watermark=`: the sequence number of the last activity the client has (absent or empty: none). */
export function queryWatermark(req: Request): number {
  const parsed = Watermark.safeParse(req.query ?? {});
  if (!parsed.success) throw new DirectLineError('BadArgument', 'invalid watermark');
  return Number(parsed.data.watermark || 0);
}

/**
 * The WebSocket URL for the conversation, on the host the client reached us by. The token in it is a
 * short-lived stream-only token, since URLs end up in logs.
 */
export function streamUrl(req: Request, signer: TokenSigner, conversation: ConversationDoc, watermark: number): string {
  const { token } = signer.issue({
    user: conversation.userId,
    tenant: conversation.tenant,
    conv: conversation._id,
    scope: 'stream',
  });
  const secure = req.isSecure() || req.header('x-forwarded-proto') === 'https';
  const host = req.header('host') ?? 'localhost';
  const query = new URLSearchParams({ watermark: String(watermark), t: token });
  return `${secure ? 'wss' : 'ws'}://${host}/v3/directline/conversations/${encodeURIComponent(conversation._id)}/stream?${query}`;
}
