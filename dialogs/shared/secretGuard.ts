import type { TurnContext } from 'botbuilder';
import { recognizeLoginId } from '../../services/recognition/recognizeLoginId.ts';
import { containsSecret } from '../../services/redaction/redact.ts';
import { turnTenant, turnT } from './turnContext.ts';

/**
 * True when a message carries something shaped like a password, second password, authentication key or
 * one-time link (services/redaction). A message that is exactly a login ID of the tenant's pattern is not one,
 * even when the pattern allows password-like IDs: the identity check asks for it.
 */
export function isSecretShaped(context: TurnContext, text: string | undefined): boolean {
  if (!text || !containsSecret(text)) return false;
  const id = recognizeLoginId(text, turnTenant(context).loginId.pattern);
  return id?.loginId.toLowerCase() !== text.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();
}

/** DESIGN.md Conversation rules: the bot never takes a secret; it says not to share one and to change it. */
export async function warnAboutSecret(context: TurnContext): Promise<void> {
  await context.sendActivity(turnT(context)('interruptions:secret'));
}
