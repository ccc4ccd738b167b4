import type { TFunction } from 'i18next';
import type { MailDelivery } from '../../services/accounts/accounts.ts';
import type { Locale } from '../../services/i18n/i18n.ts';
import { formatJst } from '../shared/formatJst.ts';

/** The mail kinds the outbox records that have a name of their own in `missingMail:mailKinds`. */
const namedKinds = ['emailConfirmation', 'secondPasswordReset', 'graduatePasswordReset', 'authKey', 'securityNotice'] as const;

/**
 * Of a refusal, only the receiving server's SMTP reply code (`550`, `550 5.1.1`) is ever shown: it is what a mail
 * administrator or our staff need, and it carries no address or host name. The rest of the recorded detail (the
 * server's free text, which often quotes the address) is left out, and so is the detail of a `failed` mail (a
 * transport error: host names and ports, of no use to the user).
 */
const REPLY_CODE = /(?:^|\s)(5\d\d)(?:[ -](5\.\d{1,3}\.\d{1,3}))?(?=[\s,;]|$)/u;

export function safeReplyCode(detail: string | undefined): string | undefined {
  const match = REPLY_CODE.exec(detail ?? '');
  if (!match) return undefined;
  return match[2] ? `${match[1]} ${match[2]}` : match[1];
}

/**
 * What the latest mail's delivery record says, for a verified account only (the caller says `missingMail:status.none`
 * otherwise): which mail, to which masked address, and where it stands, with times in Japan time.
 */
export function describeDelivery(t: TFunction, locale: Locale, mail: MailDelivery): string {
  const kind = (namedKinds as readonly string[]).includes(mail.kind) ? mail.kind : 'other';
  const { date, time } = formatJst(locale, mail.state === 'sent' ? (mail.sentAt ?? mail.queuedAt) : mail.queuedAt);
  const text = t(`missingMail:status.${mail.state}`, { mail: t(`missingMail:mailKinds.${kind}`), to: mail.maskedTo, date, time });
  const code = mail.state === 'bounced' ? safeReplyCode(mail.detail) : undefined;
  return code ? `${text}\n${t('missingMail:status.serverReply', { code })}` : text;
}
