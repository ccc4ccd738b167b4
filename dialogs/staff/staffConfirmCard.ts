import { cardOf, factSet, headingBlock, lineBlock } from '../cards/adaptiveCard.ts';
import type { Attachment } from 'botbuilder';
import type { TFunction } from 'i18next';
import type { StaffAction } from '../../services/staff/staffActions.ts';

/** What the confirmation card states: exactly what will happen, to which account and which (masked) address. */
export interface StaffConfirmData {
  action: StaffAction;
  /** The account as staff named it, and its university. */
  account: string;
  tenantName: string;
  kind: 'student' | 'graduate';
  maskedTo: string;
  accountFailures: number;
  reason: string;
  reference: string;
  /** The reference service mails the user a notice naming the support center (services/accounts/reference/). */
  userNotified: boolean;
  /** Turning 2FA off: this step only requests it; a second supervisor approves. */
  awaitsApproval: boolean;
  /** Approving another supervisor's request: who asked. */
  approval?: { code: string; requestedBy: string };
  /** Ties the buttons to this card: a button of an older card confirms nothing. */
  token: string;
}

/** The value the card's buttons send back. */
export interface StaffConfirmValue {
  action: 'staffConfirm';
  token: string;
  answer: 'yes' | 'no';
}

/** The effect text's key: graduates get the graduate reset (password and second password, manual 002 §2.2). */
export function effectKey(action: StaffAction, kind: 'student' | 'graduate'): string {
  return action === 'resetSecondPassword' && kind === 'graduate' ? 'staff:effects.resetGraduate' : `staff:effects.${action}`;
}

export function staffConfirmCard(t: TFunction, data: StaffConfirmData): Attachment {
  const heading = data.approval ? t('staff:confirm.approveHeading', { code: data.approval.code }) : t(`staff:confirm.heading.${data.action}`);
  const facts: Array<[string, string]> = [
    [t('staff:facts.account'), `${data.account} (${data.tenantName})`],
    [t('staff:facts.address'), data.maskedTo],
    [t('staff:facts.reason'), data.reason],
    [t('staff:facts.reference'), data.reference],
    ...(data.approval ? [[t('staff:facts.requestedBy'), data.approval.requestedBy] as [string, string]] : []),
  ];
  const lines = [
    t(effectKey(data.action, data.kind), { maskedTo: data.maskedTo, failures: data.accountFailures }),
    ...(data.awaitsApproval ? [t('staff:confirm.awaitsApproval')] : []),
    ...(data.userNotified ? [t('staff:confirm.userNotified', { maskedTo: data.maskedTo })] : []),
  ];
  const buttons = (['yes', 'no'] as const).map((answer) => ({
    type: 'Action.Submit',
    title: t(`staff:confirm.${answer}`),
    data: { action: 'staffConfirm', token: data.token, answer } satisfies StaffConfirmValue,
  }));
  const fallback = [heading, ...facts.map(([title, value]) => `${title}: ${value}`), ...lines, ...buttons.map((button, index) => `${index + 1}. ${button.title}`)];
  return cardOf({
    fallbackText: fallback.join('\n'),
    speak: heading,
    body: [headingBlock(heading), factSet(facts), ...lines.map(lineBlock)],
    actions: buttons,
  });
}

/** Reads the card's answer; undefined when the value is not one. */
export function readConfirmValue(value: unknown): StaffConfirmValue | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (record.action !== 'staffConfirm' || typeof record.token !== 'string') return undefined;
  return record.answer === 'yes' || record.answer === 'no' ? { action: 'staffConfirm', token: record.token, answer: record.answer } : undefined;
}
