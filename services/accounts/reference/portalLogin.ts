import type { AuditLog } from '../../audit/auditLog.ts';
import { studentKey, studentStage } from './accountRecords.ts';
import type { StudentRecord } from './accountRecords.ts';
import { maskEmail } from './maskEmail.ts';
import { normalizeId } from './normalize.ts';
import { portalActor } from './portalLinks.ts';
import type { KeyEntry, KeyReissue, LoginOutcome } from './portalOutcomes.ts';
import type { PortalStep } from './portalSessions.ts';
import { isBlocked, tenantOf } from './referenceParts.ts';
import type { ReferenceParts } from './referenceParts.ts';
import { dummySecretHash, verifySecret } from './secretHash.ts';

/**
 * The demo Student login of manual 003 (§2.1 first login, §2.2 second password, §2.3 login with an
 * authentication key, §2.6 failed key entries), for local use and tests. Failed second passwords and
 * keys count against the account's consecutive-failure limit; university passwords are the
 * university's business and are not counted here.
 */
export class PortalLogin {
  constructor(
    private readonly parts: ReferenceParts,
    private readonly audit: AuditLog,
  ) {}

  async login(tenantId: string, loginId: string, universityPassword: string, secondPassword?: string): Promise<LoginOutcome> {
    const found = await this.parts.records.byKey(studentKey(String(tenantId), normalizeId(String(loginId))));
    const record = found?.kind === 'student' ? found : undefined;
    // Unknown ID or wrong university password: the same answer after the same scrypt run.
    const passwordOk = await verifySecret(String(universityPassword), record?.universityPasswordHash ?? dummySecretHash);
    if (!record?.universityPasswordHash || !passwordOk) return { outcome: 'rejected' };
    if (isBlocked(this.parts, record)) return await this.logged(record, 'login', 'locked', { outcome: 'locked' });
    const tenant = await tenantOf(this.parts, record);
    const stage = studentStage(record, tenant);
    // 003 §2.3 Notes: "For the first time, second password is not required."
    if (stage === 'not_registered' || stage === 'email_pending') {
      return { outcome: 'needsEmail', session: await this.start(record, 'email') };
    }
    if (stage === 'email_confirmed') return { outcome: 'needsSecondPassword', session: await this.start(record, 'secondPassword') };
    if (tenant.features.secondPassword && !(await this.secondPasswordMatches(record, secondPassword))) {
      if (await this.countFailure(record)) return await this.logged(record, 'login', 'locked', { outcome: 'locked' });
      return await this.logged(record, 'login', 'wrong_second_password', { outcome: 'rejected' });
    }
    if (tenant.features.twoFactor && record.twoFactor && record.email) {
      const session = await this.start(record, 'key');
      const key = await this.parts.keys.issue(record._id, tenant.authKey);
      await this.parts.mail.authKey(record, key, record.email, tenant.authKey.failureLimit);
      return { outcome: 'needsKey', session, expiresAt: key.expiresAt.toISOString(), maskedEmail: maskEmail(record.email) };
    }
    return { outcome: 'authenticated', session: await this.succeed(record) };
  }

  /** 003 §2.3 steps 5–7; §2.6: the key is invalidated at the tenant's failure limit. */
  async enterKey(session: string, entered: string): Promise<KeyEntry> {
    const current = await this.session(session, 'key');
    if (!current) return { outcome: 'sessionExpired' };
    const { record } = current;
    if (isBlocked(this.parts, record)) return { outcome: 'locked' };
    // Keys typed with full-width digits or padded with spaces on a phone are still the key.
    const checked = await this.parts.keys.check(record._id, normalizeId(String(entered)));
    if (checked.result === 'ok') {
      await this.succeed(record, session);
      return { outcome: 'authenticated' };
    }
    if (checked.result === 'none' || checked.result === 'expired') return { outcome: 'expired' };
    if (checked.result === 'invalidated' && !checked.byThisAttempt) return { outcome: 'invalidated' };
    if (await this.countFailure(record)) return await this.logged(record, 'enterKey', 'locked', { outcome: 'locked' });
    if (checked.result === 'invalidated') return await this.logged(record, 'enterKey', 'key_invalidated', { outcome: 'invalidated' });
    return { outcome: 'wrongKey', attemptsLeft: checked.attemptsLeft };
  }

  /**
   * 003 §2.3 step 5-1, §2.6 steps 2–3. Counted in the send budget, so a stolen university password
   * cannot flood the mailbox; the key mail of the login itself is not.
   */
  async reissueKey(session: string): Promise<KeyReissue> {
    const current = await this.session(session, 'key');
    const record = current?.record;
    if (!record?.email) return { outcome: 'sessionExpired' };
    const to = record.email;
    if (isBlocked(this.parts, record)) return { outcome: 'locked' };
    const budget = await this.parts.budget.take(record._id);
    if (!budget.ok) return { outcome: 'budgetExhausted', retryAt: budget.retryAt.toISOString() };
    const tenant = await tenantOf(this.parts, record);
    const key = await this.parts.keys.issue(record._id, tenant.authKey);
    await this.parts.mail.authKey(record, key, to, tenant.authKey.failureLimit);
    return { outcome: 'reissued', expiresAt: key.expiresAt.toISOString(), maskedEmail: maskEmail(to) };
  }

  /** The session's account, when the session exists and is at this step. */
  async session(id: string, step: PortalStep): Promise<{ record: StudentRecord } | undefined> {
    const session = await this.parts.sessions.get(id);
    if (!session || session.step !== step) return undefined;
    const record = await this.parts.records.get({ id: session.account, tenant: session.tenant });
    return record?.kind === 'student' ? { record } : undefined;
  }

  async start(record: StudentRecord, step: PortalStep): Promise<string> {
    return await this.parts.sessions.start({ id: record._id, tenant: record.tenant }, step);
  }

  /** Counts a failed authentication; true when it took the account past its limit. */
  private async countFailure(record: StudentRecord): Promise<boolean> {
    await this.parts.records.update(record._id, { $inc: { accountFailures: 1 } });
    const after = await this.parts.records.get({ id: record._id, tenant: record.tenant });
    return after !== undefined && isBlocked(this.parts, after);
  }

  /** Success is the only thing besides a staff unlock that resets the account's count (NIST SP 800-63B). */
  private async succeed(record: StudentRecord, session?: string): Promise<string> {
    await this.parts.records.update(record._id, { $set: { accountFailures: 0 } });
    if (session) {
      await this.parts.sessions.moveTo(session, 'authenticated');
      return session;
    }
    return await this.start(record, 'authenticated');
  }

  private async secondPasswordMatches(record: StudentRecord, entered: string | undefined): Promise<boolean> {
    return await verifySecret(String(entered ?? ''), record.secondPasswordHash ?? dummySecretHash);
  }

  /** Lockouts and invalidations are security events: audited as refusals of the portal. */
  private async logged<T>(record: StudentRecord, action: string, detail: string, outcome: T): Promise<T> {
    const { tenant, _id: account } = record;
    const at = this.parts.clock();
    await this.audit.append({ at, actor: portalActor, action: `portal.${action}`, tenant, account, result: 'refused', detail });
    return outcome;
  }
}
