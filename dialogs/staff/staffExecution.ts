import type { WaterfallStepContext } from 'botbuilder-dialogs';
import type { TFunction } from 'i18next';
import type { AccountRef, Accounts, ActionResult } from '../../services/accounts/accounts.ts';
import type { Actor } from '../../services/audit/auditLog.ts';
import { DependencyError } from '../../services/errors.ts';
import type { Locale } from '../../services/i18n/i18n.ts';
import type { StaffAction } from '../../services/staff/staffActions.ts';
import type { PendingApproval } from '../../services/staff/staffApprovals.ts';
import type { LimitVerdict } from '../../services/staff/staffLimits.ts';
import { formatJst } from '../shared/formatJst.ts';
import { turnLanguage } from '../shared/turnContext.ts';
import { auditStaff } from './staffAudit.ts';
import type { StaffAuditFacts } from './staffAudit.ts';
import { staffActor } from './staffTurn.ts';
import type { StaffDesk, StaffIdentity } from './staffTurn.ts';

/** A confirmed action: what, on which account, why, and for which case. */
export interface ActionFacts {
  action: StaffAction;
  account: AccountRef;
  reason: string;
  reference: string;
}

type Step = Pick<WaterfallStepContext, 'context'>;

/**
 * Runs a confirmed action: the staff limits, (for an approval) claiming it, the audit entry, then the accounts
 * port as the staff member. The entry is written before the call; if it cannot be written, nothing runs
 * (issue 7 item 5). A refusal or failure afterwards gets an entry of its own.
 */
export async function runStaffAction(step: Step, desk: StaffDesk, staff: StaffIdentity, facts: ActionFacts, approval?: PendingApproval): Promise<void> {
  const { t, locale } = turnLanguage(step.context);
  const limit = await desk.limits.take(staff, facts.action, facts.account);
  if (!limit.ok) return await sayLimit(step, desk, staff, facts, limit);
  if (approval) {
    const claimed = await desk.approvals.claim(approval._id, staff.staffId);
    if (typeof claimed === 'string') {
      await auditStaff(desk, staff, { ...facts, action: 'approve', result: 'refused', detail: `approval_${claimed}:${approval._id}` });
      return void (await step.context.sendActivity(t(`staff:approval.${claimed}`, { code: approval._id })));
    }
  }
  const detail = approval ? `approves:${approval._id};requested_by:${approval.requestedBy.staffId}` : 'confirmed';
  if (!(await auditFirst(step, desk, staff, { ...facts, result: 'ok', detail }))) return;
  let result: ActionResult;
  try {
    result = await perform(desk.accounts, facts, staffActor(staff, facts.reference));
  } catch (error) {
    await auditStaff(desk, staff, { ...facts, result: 'failed', detail: 'error' }).catch(() => undefined);
    if (!(error instanceof DependencyError)) throw error;
    return void (await step.context.sendActivity(t('staff:results.serviceDown')));
  }
  if (!result.ok) await auditStaff(desk, staff, { ...facts, result: 'refused', detail: result.reason });
  await step.context.sendActivity(resultText(t, locale, facts.action, result));
}

/** Writes the entry an action depends on; when it cannot be written, says so and answers false. */
export async function auditFirst(step: Step, desk: StaffDesk, staff: StaffIdentity, facts: StaffAuditFacts): Promise<boolean> {
  try {
    await auditStaff(desk, staff, facts);
    return true;
  } catch {
    await step.context.sendActivity(turnLanguage(step.context).t('staff:results.auditFailed'));
    return false;
  }
}

/** A staff limit refused: audited, and the member told which limit and when the next attempt may be. */
export async function sayLimit(
  step: Step,
  desk: StaffDesk,
  staff: StaffIdentity,
  facts: Partial<ActionFacts> & { action: StaffAction },
  verdict: Extract<LimitVerdict, { ok: false }>,
): Promise<void> {
  const { t, locale } = turnLanguage(step.context);
  await auditStaff(desk, staff, { ...facts, result: 'refused', detail: `limit_${verdict.scope}` });
  const hours = Math.round(verdict.rule.windowMs / 3_600_000);
  await step.context.sendActivity(t(`staff:limits.${verdict.scope}`, { limit: verdict.rule.limit, hours, ...formatJst(locale, verdict.retryAt) }));
}

async function perform(accounts: Accounts, facts: ActionFacts, actor: Actor): Promise<ActionResult> {
  const { account } = facts;
  switch (facts.action) {
    case 'resendConfirmation':
      return await accounts.resendEmailConfirmation(account, actor);
    case 'resetSecondPassword':
      return await accounts.sendSecondPasswordReset(account, actor);
    case 'reissueKey':
      return await accounts.reissueAuthKey(account, actor);
    case 'unlock':
      return await accounts.unlock(account, actor);
    case 'twoFactorOn':
      return await accounts.setTwoFactor(account, true, actor);
    case 'twoFactorOff':
      return await accounts.setTwoFactor(account, false, actor);
    case 'status':
      throw new Error('status is a read, not an action');
  }
}

const refusalKeys = { not_applicable: 'notApplicable', account_locked: 'accountLocked', forbidden: 'forbidden' } as const;

function resultText(t: TFunction, locale: Locale, action: StaffAction, result: ActionResult): string {
  if (!result.ok) {
    if (result.reason === 'budget_exhausted') return t('staff:results.budget', formatJst(locale, result.retryAt));
    return t(`staff:results.${refusalKeys[result.reason]}`);
  }
  const what = t(`staff:done.${action}`);
  const done = result.mail ? t('staff:results.mailQueued', { what, maskedTo: result.mail.maskedTo }) : t('staff:results.done', { what });
  return action === 'resendConfirmation' ? done : `${done}\n\n${t('staff:results.userNotified')}`;
}
