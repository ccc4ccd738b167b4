import { randomUUID } from 'node:crypto';
import { ComponentDialog, WaterfallDialog } from 'botbuilder-dialogs';
import type { DialogContext, DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { MessageFactory } from 'botbuilder';
import type { TurnContext } from 'botbuilder';
import type { AccountRef, StaffSummary } from '../../services/accounts/accounts.ts';
import { mayTake } from '../../services/staff/staffActions.ts';
import type { StaffAction } from '../../services/staff/staffActions.ts';
import { newApprovalCode } from '../../services/staff/staffApprovals.ts';
import type { PendingApproval } from '../../services/staff/staffApprovals.ts';
import { FieldPrompt } from '../shared/fieldPrompt.ts';
import { turnLanguage, turnTenant } from '../shared/turnContext.ts';
import { auditStaff } from './staffAudit.ts';
import { readStaffCommand } from './staffCommand.ts';
import type { StaffCommand } from './staffCommand.ts';
import { StaffConfirmPrompt } from './staffConfirmPrompt.ts';
import type { StaffConfirmData } from './staffConfirmCard.ts';
import { reasonField, referenceField } from './staffFields.ts';
import { auditFirst, runStaffAction, sayLimit } from './staffExecution.ts';
import { staffActor, turnStaff, turnStaffDesk } from './staffTurn.ts';
import type { StaffDesk, StaffIdentity } from './staffTurn.ts';
import { staffStatusCard } from './staffStatusCard.ts';

export const STAFF_COMMAND_DIALOG = 'staffCommandDialog';
const FLOW = 'staffFlow';
const REASON_PROMPT = 'staffReason';
const REFERENCE_PROMPT = 'staffReference';
const CONFIRM_PROMPT = 'staffConfirm';

export interface StaffCommandOptions {
  command: StaffCommand;
  /** The host's dialog that routes messages: a message from anyone else than the starter goes back to it. */
  router?: string;
}

/** What the flow has gathered (in the waterfall's values; never a secret: reasons are redacted on the way in). */
interface FlowValues {
  reason?: string;
  reference?: string;
  plan?: Plan;
}

/** An action decided on and confirmed by the card. */
interface Plan {
  action: StaffAction;
  account: AccountRef;
  /** How staff named the account, and its masked address, for an approval request. */
  label: string;
  maskedTo: string;
  approval?: PendingApproval;
}

/** Who started the dialog (only they may continue it), and where anyone else's message goes. */
interface OwnerState {
  staffId?: string;
  router?: string;
}

/**
 * A staff action from chat (issue 7): check the role, ask for the reason and the case if the command lacks them,
 * look the account up, show the status (a read) or a confirmation card saying exactly what will happen, then
 * run the action through the accounts port as the staff member, within the staff limits, audited first.
 */
export class StaffCommandDialog extends ComponentDialog {
  constructor() {
    super(STAFF_COMMAND_DIALOG);
    this.addDialog(new FieldPrompt(REASON_PROMPT, reasonField));
    this.addDialog(new FieldPrompt(REFERENCE_PROMPT, referenceField));
    this.addDialog(new StaffConfirmPrompt(CONFIRM_PROMPT));
    this.addDialog(
      new WaterfallDialog<StaffCommandOptions>(FLOW, [
        this.checkRole.bind(this),
        this.askReason.bind(this),
        this.askReference.bind(this),
        this.prepare.bind(this),
        this.execute.bind(this),
      ]),
    );
    this.initialDialogId = FLOW;
  }

  override async beginDialog(outerDc: DialogContext, options?: StaffCommandOptions): Promise<DialogTurnResult> {
    const owner: OwnerState = { staffId: turnStaff(outerDc.context)?.staffId, router: options?.router };
    Object.assign(outerDc.activeDialog!.state as OwnerState, owner);
    return await super.beginDialog(outerDc, options);
  }

  /**
   * Only its starter continues it: a message from anyone else (no staff identity this turn, or another member)
   * ends it and is understood afresh by the host dialog, as if no staff command had been pending. A new staff
   * command replaces the pending one.
   */
  override async continueDialog(outerDc: DialogContext): Promise<DialogTurnResult> {
    const { context } = outerDc;
    const identity = turnStaff(context);
    const owner = outerDc.activeDialog!.state as OwnerState;
    if (!identity || !turnStaffDesk(context) || identity.staffId !== owner.staffId) {
      return owner.router ? await outerDc.replaceDialog(owner.router) : await outerDc.endDialog();
    }
    const command = readStaffCommand(context.activity);
    if (command) return await outerDc.replaceDialog(this.id, { command, ...(owner.router ? { router: owner.router } : {}) } satisfies StaffCommandOptions);
    return await super.continueDialog(outerDc);
  }

  private async checkRole(step: WaterfallStepContext<StaffCommandOptions>): Promise<DialogTurnResult> {
    const { staff, desk, t } = parts(step.context);
    const { command } = step.options;
    if (!staff || !desk) return await step.endDialog();
    if ((command.kind === 'action' && !command.account) || (command.kind === 'approve' && !command.code)) {
      return await say(step, t('staff:usage'));
    }
    const action: StaffAction = command.kind === 'approve' ? 'twoFactorOff' : command.action;
    if (!mayTake(staff.role, action)) {
      await auditStaff(desk, staff, { action: command.kind === 'approve' ? 'approve' : action, result: 'denied', detail: 'role', ...caseOf(command, staff) });
      return await say(step, t('staff:refusals.role', { action: t(`staff:actions.${action}`) }));
    }
    return await step.next();
  }

  /** An approval keeps the request's reason and case; everything else needs its own. */
  private async askReason(step: WaterfallStepContext<StaffCommandOptions>): Promise<DialogTurnResult> {
    const { command } = step.options;
    if (command.kind === 'approve' || command.reason) return await step.next(command.reason);
    return await step.beginDialog(REASON_PROMPT);
  }

  private async askReference(step: WaterfallStepContext<StaffCommandOptions>): Promise<DialogTurnResult> {
    const { command } = step.options;
    const reason = step.result as string | undefined;
    if (command.kind === 'action' && reason === undefined) return await say(step, turnLanguage(step.context).t('staff:cancelled'));
    values(step).reason = reason;
    const reference = caseOf(command, turnStaff(step.context)!).reference;
    if (command.kind === 'approve' || reference) return await step.next(reference);
    return await step.beginDialog(REFERENCE_PROMPT);
  }

  private async prepare(step: WaterfallStepContext<StaffCommandOptions>): Promise<DialogTurnResult> {
    const { command } = step.options;
    const reference = step.result as string | undefined;
    if (command.kind === 'action' && reference === undefined) return await say(step, turnLanguage(step.context).t('staff:cancelled'));
    values(step).reference = reference;
    return command.kind === 'approve' ? await this.prepareApproval(step, command.code) : await this.prepareAction(step, command);
  }

  private async prepareAction(step: WaterfallStepContext<StaffCommandOptions>, command: Extract<StaffCommand, { kind: 'action' }>): Promise<DialogTurnResult> {
    const { staff, desk, t } = parts(step.context);
    const { reason, reference } = values(step) as Required<Pick<FlowValues, 'reason' | 'reference'>>;
    const tenant = command.tenant ?? turnTenant(step.context).id;
    const actor = staffActor(staff!, reference);
    const account = await desk!.accounts.lookup(tenant, command.account, actor);
    if (!account) {
      await auditStaff(desk!, staff!, { action: command.action, reason, reference, result: 'refused', detail: 'not_found' });
      return await say(step, t('staff:notFound', { account: command.account, tenant }));
    }
    if (command.action === 'status') return await this.showStatus(step, command, account);
    const summary = await desk!.accounts.staffSummary(account, actor);
    const target = command.action === 'twoFactorOn' ? true : command.action === 'twoFactorOff' ? false : undefined;
    if (target !== undefined && summary.kind === 'student' && summary.twoFactor === target) {
      return await say(step, t(target ? 'staff:refusals.alreadyOn' : 'staff:refusals.alreadyOff'));
    }
    values(step).plan = { action: command.action, account, label: command.account, maskedTo: summary.maskedEmail };
    return await step.beginDialog(CONFIRM_PROMPT, this.confirmData(step.context, command.action, command.account, summary, { reason, reference }));
  }

  /** Status is a read: no confirmation, but the same limits and the audit entry before the account is read. */
  private async showStatus(step: WaterfallStepContext<StaffCommandOptions>, command: Extract<StaffCommand, { kind: 'action' }>, account: AccountRef): Promise<DialogTurnResult> {
    const { staff, desk, t, locale } = parts(step.context);
    const { reason, reference } = values(step) as Required<Pick<FlowValues, 'reason' | 'reference'>>;
    const limit = await desk!.limits.take(staff!, 'status', account);
    if (!limit.ok) {
      await sayLimit(step, desk!, staff!, { action: 'status', account, reason, reference }, limit);
      return await step.endDialog();
    }
    if (!(await auditFirst(step, desk!, staff!, { action: 'status', account, reason, reference, result: 'ok', detail: 'read' }))) return await step.endDialog();
    const summary = await desk!.accounts.staffSummary(account, staffActor(staff!, reference));
    const openCases = desk!.openCases ? await desk!.openCases(account) : undefined;
    const card = staffStatusCard(t, {
      locale,
      account: command.account,
      tenant: account.tenant,
      tenantName: tenantName(step.context, account.tenant),
      summary,
      role: staff!.role,
      ...(openCases ? { openCases } : {}),
    });
    await step.context.sendActivity(MessageFactory.attachment(card, t('staff:status.intro', { account: command.account })));
    return await step.endDialog();
  }

  /** The second supervisor: the request must exist, be pending and recent, and be someone else's. */
  private async prepareApproval(step: WaterfallStepContext<StaffCommandOptions>, code: string): Promise<DialogTurnResult> {
    const { staff, desk, t } = parts(step.context);
    const approval = await desk!.approvals.check(code, staff!.staffId);
    if (typeof approval === 'string') {
      await auditStaff(desk!, staff!, { action: 'approve', result: 'refused', detail: `approval_${approval}:${code}` });
      return await say(step, t(`staff:approval.${approval}`, { code }));
    }
    const summary = await desk!.accounts.staffSummary(approval.account, staffActor(staff!, approval.reference));
    values(step).reason = approval.reason;
    values(step).reference = approval.reference;
    values(step).plan = { action: 'twoFactorOff', account: approval.account, label: approval.accountLabel, maskedTo: approval.maskedEmail, approval };
    const data = this.confirmData(step.context, 'twoFactorOff', approval.accountLabel, summary, approval);
    return await step.beginDialog(CONFIRM_PROMPT, { ...data, awaitsApproval: false, approval: { code, requestedBy: approval.requestedBy.name } });
  }

  private confirmData(context: TurnContext, action: StaffAction, label: string, summary: StaffSummary, why: { reason: string; reference: string }): StaffConfirmData {
    return {
      action,
      account: label,
      tenantName: tenantName(context, summary.account.tenant),
      kind: summary.kind,
      maskedTo: summary.maskedEmail,
      accountFailures: summary.accountFailures,
      reason: why.reason,
      reference: why.reference,
      // The reference service tells the registered address of every change but a resent confirmation mail.
      userNotified: action !== 'resendConfirmation',
      awaitsApproval: action === 'twoFactorOff',
      token: randomUUID(),
    };
  }

  private async execute(step: WaterfallStepContext<StaffCommandOptions>): Promise<DialogTurnResult> {
    const { staff, desk, t } = parts(step.context);
    const { plan, reason, reference } = values(step) as Required<FlowValues>;
    if (step.result !== true) return await say(step, t('staff:cancelled'));
    const facts = { action: plan.action, account: plan.account, reason, reference };
    if (plan.action === 'twoFactorOff' && !plan.approval) return await this.requestApproval(step, desk!, staff!, plan, facts);
    await runStaffAction(step, desk!, staff!, facts, plan.approval);
    return await step.endDialog();
  }

  /** The first supervisor's half of turning 2FA off: audited, then stored for a second supervisor. */
  private async requestApproval(
    step: WaterfallStepContext<StaffCommandOptions>,
    desk: StaffDesk,
    staff: StaffIdentity,
    plan: Plan,
    facts: { action: StaffAction; account: AccountRef; reason: string; reference: string },
  ): Promise<DialogTurnResult> {
    const { t } = turnLanguage(step.context);
    const code = newApprovalCode();
    if (!(await auditFirst(step, desk, staff, { ...facts, result: 'ok', detail: `approval_requested:${code}` }))) return await step.endDialog();
    await desk.approvals.request(code, {
      action: 'twoFactorOff',
      account: facts.account,
      accountLabel: plan.label,
      maskedEmail: plan.maskedTo,
      requestedBy: { staffId: staff.staffId, role: staff.role, name: staff.name },
      reason: facts.reason,
      reference: facts.reference,
    });
    return await say(step, t('staff:approval.requested', { code }));
  }
}

function parts(context: TurnContext) {
  const { t, locale } = turnLanguage(context);
  return { staff: turnStaff(context), desk: turnStaffDesk(context), t, locale };
}

const values = (step: WaterfallStepContext<StaffCommandOptions>): FlowValues => step.values as FlowValues;

/** The case an action belongs to: the one typed with the command, else the conversation the console has open. */
function caseOf(command: StaffCommand, staff: StaffIdentity): { reference?: string } {
  const reference = command.reference ?? staff.openCase;
  return reference ? { reference } : {};
}

function tenantName(context: TurnContext, tenantId: string): string {
  const tenant = turnTenant(context);
  return tenant.id === tenantId ? tenant.name[turnLanguage(context).locale] : tenantId;
}

async function say(step: WaterfallStepContext<StaffCommandOptions>, text: string): Promise<DialogTurnResult> {
  await step.context.sendActivity(text);
  return await step.endDialog();
}

/**
 * MainDialog's branch (issue 7 item 4): the options to start the staff dialog with when a staff member the channel
 * vouches for sent a staff command; undefined for everyone and everything else, which goes on like every other message.
 * `step` is the host's routing step: the staff dialog replaces it, and hands back to it a message from anyone else.
 */
export function staffCommandFor(step: DialogContext): StaffCommandOptions | undefined {
  const { context } = step;
  if (!turnStaff(context) || !turnStaffDesk(context)) return undefined;
  const command = readStaffCommand(context.activity);
  return command ? { command, ...(step.activeDialog ? { router: step.activeDialog.id } : {}) } : undefined;
}
