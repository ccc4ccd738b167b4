import type { i18n, TFunction } from 'i18next';
import type { Actor } from '../../audit/auditLog.ts';
import { createI18n } from '../../i18n/i18n.ts';
import type { Locale } from '../../i18n/i18n.ts';
import type { MailQueue, MailRecord } from '../../mail/mailQueue.ts';
import type { MailKind } from '../../mail/mailer.ts';
import { formatJst, renderMail } from '../../mail/mailTemplates.ts';
import type { Clock } from '../../store/documentStore.ts';
import type { HourRange, Tenant } from '../../tenants/tenant.ts';
import type { Tenants } from '../../tenants/tenants.ts';
import type { AccountRecord } from './accountRecords.ts';
import type { IssuedKey } from './authKeys.ts';
import type { IssuedLink, LinkPurpose } from './oneTimeLinks.ts';
import { LINK_LIFETIME_MS } from './oneTimeLinks.ts';

/** Security events the account's owner is told about (issue 3), each naming who did it. */
export type SecurityEvent =
  | 'secondPasswordResetRequested'
  | 'graduateResetRequested'
  | 'keyReissued'
  | 'unlocked'
  | 'twoFactorOn'
  | 'twoFactorOff'
  | 'emailChanged';

const linkPages: Record<LinkPurpose, { path: string; kind: MailKind }> = {
  confirmEmail: { path: '/account/confirm-email', kind: 'emailConfirmation' },
  resetSecondPassword: { path: '/account/second-password', kind: 'secondPasswordReset' },
  graduateReset: { path: '/account/graduate-reset', kind: 'graduatePasswordReset' },
};

let sharedI18n: i18n | undefined;

/**
 * Renders the reference service's mails from `locales/<lang>/mail/` and queues them in the outbox.
 * Ids are deterministic per logical mail (`<purpose>.<account>.<link or key id>`, a dot-atom as the
 * outbox requires), so queueing the same one again is a no-op.
 */
export class AccountMail {
  private readonly i18n: i18n;

  constructor(
    private readonly queue: MailQueue,
    private readonly tenants: Tenants,
    private readonly publicUrl: string | (() => string),
    private readonly clock: Clock,
  ) {
    this.i18n = sharedI18n ??= createI18n();
  }

  /** The one-time URL mail of a link (003 §2.1 step 7, §2.4 (c) step 5; 002 §2.2 (e) step 5). */
  async link(record: AccountRecord, purpose: LinkPurpose, link: IssuedLink, to: string): Promise<MailRecord> {
    const page = linkPages[purpose];
    const base = typeof this.publicUrl === 'string' ? this.publicUrl : this.publicUrl();
    const url = `${base.replace(/\/+$/, '')}${page.path}?t=${link.token}`;
    const params = { url, minutes: String(LINK_LIFETIME_MS / 60_000), expiresAt: formatJst(link.expiresAt) };
    return await this.send(record, page.kind, `${purpose}.${record._id}.${link.linkId}`, to, params);
  }

  /** 003 §2.3 step 4: "Authentication key : ***** / Date of Expiry : …". */
  async authKey(record: AccountRecord, key: IssuedKey, to: string, failureLimit: number): Promise<MailRecord> {
    const params = { key: key.key, expiresAt: formatJst(key.expiresAt), failureLimit: String(failureLimit) };
    return await this.send(record, 'authKey', `authKey.${record._id}.${key.keyId}`, to, params);
  }

  /** Tells the registered address what happened, who did it, and whom to call if it wasn't them. */
  async securityNotice(
    record: AccountRecord,
    event: SecurityEvent,
    actor: Actor,
    eventId: string,
    to: string,
    details: { maskedEmail?: string } = {},
  ): Promise<MailRecord> {
    const t = this.t(record.locale);
    const params = {
      event: t(`events.${event}`, { maskedEmail: details.maskedEmail ?? '' }),
      actor: t(`actors.${actorKey(actor)}`),
      when: formatJst(this.clock()),
    };
    return await this.send(record, 'securityNotice', `securityNotice.${event}.${record._id}.${eventId}`, to, params);
  }

  private async send(record: AccountRecord, kind: MailKind, id: string, to: string, params: Record<string, string>): Promise<MailRecord> {
    const tenant = (await this.tenants.find(record.tenant)) ?? (await this.tenants.defaultTenant());
    const footer = { tenantName: tenant.name[record.locale], callCenter: this.callCenter(tenant, record) };
    const { subject, text } = renderMail(kind, record.locale, { ...params, ...footer });
    return await this.queue.enqueue({ id, to, subject, text, locale: record.locale, kind });
  }

  /** The tenant's phones for this kind of user (002 has separate graduate lines), then chat support. */
  private callCenter(tenant: Tenant, record: AccountRecord): string {
    const t = this.t(record.locale);
    const audience = record.kind === 'student' ? 'students' : 'graduates';
    const phones = tenant.callCenter.filter((phone) => phone.audience === 'all' || phone.audience === audience);
    const lines = phones.map((phone) =>
      t(phone.japaneseOnly ? 'footer.phoneJapaneseOnly' : 'footer.phone', { number: phone.number, hours: hours(t, phone.hours) }),
    );
    return [...lines, t('footer.chat', { hours: hours(t, tenant.chatHours) })].join('\n');
  }

  private t(locale: Locale): TFunction {
    return this.i18n.getFixedT(locale, 'accountMail');
  }
}

function hours(t: TFunction, range: HourRange | null): string {
  if (range === null) return t('common:hours.always');
  return t(`common:hours.${range.days}`, { open: range.open.replace(/^0/, ''), close: range.close.replace(/^0/, '') });
}

function actorKey(actor: Actor): 'user' | 'staff' | 'portal' | 'system' {
  if (actor.kind === 'system') return actor.component === 'portal' ? 'portal' : 'system';
  return actor.kind;
}
