import type { StaffMember } from './staffDirectory.ts';

/** What staff may do to an account from chat (issue 7 item 2). */
export const staffActions = [
  'status',
  'resendConfirmation',
  'resetSecondPassword',
  'reissueKey',
  'unlock',
  'twoFactorOn',
  'twoFactorOff',
] as const;
export type StaffAction = (typeof staffActions)[number];

export type StaffRole = StaffMember['role'];

export const isStaffAction = (value: unknown): value is StaffAction => (staffActions as readonly unknown[]).includes(value);

/** Who may take an action. Two-factor changes weaken or strengthen a login: supervisors only (issue 7 item 2). */
export function mayTake(role: StaffRole, action: StaffAction): boolean {
  return role === 'supervisor' || (action !== 'twoFactorOn' && action !== 'twoFactorOff');
}

/** Turning two-factor authentication off needs a second, different supervisor's approval (issue 7 item 3). */
export const needsSecondApproval = (action: StaffAction): boolean => action === 'twoFactorOff';

/** Actions that send the user a mail or change the account (status only reads). */
export const changesAccount = (action: StaffAction): boolean => action !== 'status';
