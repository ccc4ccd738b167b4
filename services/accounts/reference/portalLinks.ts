import type { Actor, AuditLog } from '../../audit/auditLog.ts';
import type { LinkPurpose } from './oneTimeLinks.ts';
import { maskEmail } from './maskEmail.ts';
import { graduatePasswordProblems, secondPasswordProblems } from './passwordRules.ts';
import type { GraduatePasswordsInput } from './passwordRules.ts';
import type { EmailConfirmation, GraduatePasswordsFromLink, LinkInspection, SecondPasswordFromLink } from './portalOutcomes.ts';
import type { ReferenceParts } from './referenceParts.ts';
import { hashSecret, verifySecret } from './secretHash.ts';

/** Changes made on the service's own pages are the account owner's (the notice says "you, on the site"). */
export const portalActor: Actor = { kind: 'system', component: 'portal' };

/** The one-time-URL pages of the reference service (the pages themselves live in bot/). */
export class PortalLinks {
  constructor(
    private readonly parts: ReferenceParts,
    private readonly audit: AuditLog,
  ) {}

  async inspect(token: string, purpose: LinkPurpose): Promise<LinkInspection> {
    const found = await this.parts.links.inspect(token, purpose);
    if (found.state !== 'ok') return { outcome: found.state };
    const { locale, tenant, expiresAt } = found.link;
    const kind = purpose === 'graduateReset' ? 'graduate' : 'student';
    return { outcome: 'valid', kind, locale, tenant, expiresAt: expiresAt.toISOString() };
  }

  /** 003 §2.1 step 7, §2.4 (a): the address becomes the registered one; a replaced address is told. */
  async confirmEmail(token: string): Promise<EmailConfirmation> {
    const found = await this.parts.links.inspect(token, 'confirmEmail');
    if (found.state !== 'ok') return { outcome: found.state };
    const { account, tenant, email, locale, linkId } = found.link;
    const record = await this.parts.records.get({ id: account, tenant });
    if (!record || record.kind !== 'student' || !email) return { outcome: 'unknown' };
    await this.log('confirmEmail', account, tenant);
    const used = await this.parts.links.consume(token, 'confirmEmail');
    if (used.state !== 'ok') return { outcome: used.state };
    const pending = record.pendingEmail === email ? { $unset: { pendingEmail: 1 as const } } : {};
    await this.parts.records.update(account, { $set: { email }, ...pending });
    if (record.email && record.email !== email) {
      await this.parts.mail.securityNotice(record, 'emailChanged', portalActor, linkId, record.email, { maskedEmail: maskEmail(email) });
    }
    return { outcome: 'confirmed', locale, tenant };
  }

  /** 003 §2.4 (c) steps 6–8: the rules are checked before the link is used, so a typo costs nothing. */
  async setSecondPassword(token: string, secondPassword: string, check: string): Promise<SecondPasswordFromLink> {
    const found = await this.parts.links.inspect(token, 'resetSecondPassword');
    if (found.state !== 'ok') return { outcome: found.state };
    const problems = secondPasswordProblems(secondPassword, check);
    if (problems.length > 0) return { outcome: 'invalid', problems };
    const { account, tenant, locale } = found.link;
    await this.log('setSecondPassword', account, tenant);
    const used = await this.parts.links.consume(token, 'resetSecondPassword');
    if (used.state !== 'ok') return { outcome: used.state };
    await this.parts.records.update(account, { $set: { secondPasswordHash: await hashSecret(secondPassword) } });
    return { outcome: 'set', locale, tenant };
  }

  /** 002 §2.2 (e) steps 6–8: password and second password together, neither the old password. */
  async setGraduatePasswords(token: string, input: GraduatePasswordsInput): Promise<GraduatePasswordsFromLink> {
    const found = await this.parts.links.inspect(token, 'graduateReset');
    if (found.state !== 'ok') return { outcome: found.state };
    const record = await this.parts.records.get({ id: found.link.account, tenant: found.link.tenant });
    if (!record || record.kind !== 'graduate') return { outcome: 'unknown' };
    const problems = graduatePasswordProblems(input);
    if (record.passwordHash && (await verifySecret(input.password, record.passwordHash))) problems.password.push('reused');
    if (problems.password.length + problems.secondPassword.length > 0) return { outcome: 'invalid', problems };
    await this.log('setGraduatePasswords', record._id, record.tenant);
    const used = await this.parts.links.consume(token, 'graduateReset');
    if (used.state !== 'ok') return { outcome: used.state };
    const [passwordHash, secondPasswordHash] = [await hashSecret(input.password), await hashSecret(input.secondPassword)];
    await this.parts.records.update(record._id, { $set: { passwordHash, secondPasswordHash, initialPassword: false } });
    return { outcome: 'set', locale: used.link.locale, tenant: record.tenant };
  }

  /** Written before the link is used: a change whose entry cannot be written does not happen. */
  private async log(action: string, account: string, tenant: string): Promise<void> {
    await this.audit.append({ at: this.parts.clock(), actor: portalActor, action: `portal.${action}`, tenant, account, result: 'ok' });
  }
}
