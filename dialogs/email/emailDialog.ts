import { DialogTurnStatus } from 'botbuilder-dialogs';
import type { DialogContext, DialogTurnResult } from 'botbuilder-dialogs';
import type { Accounts } from '../../services/accounts/accounts.ts';
import { InterruptibleDialog } from '../shared/interruptibleDialog.ts';
import { referToCallCenter } from '../shared/journey.ts';
import type { JourneyOptions, JourneyResult } from '../shared/journey.ts';

export const EMAIL_DIALOG = 'emailDialog';

export const emailIntents = ['change_email', 'email_inaccessible'] as const;
export type EmailIntent = (typeof emailIntents)[number];
export const isEmailIntent = (intent: string): intent is EmailIntent => (emailIntents as readonly string[]).includes(intent);

export type EmailOptions = JourneyOptions<EmailIntent>;
export type EmailResult = JourneyResult;

/** Not built yet (issue 5): refers the user to the call center, as MainDialog did before this journey existed. */
export class EmailDialog extends InterruptibleDialog {
  constructor(protected readonly accounts: Accounts) {
    super(EMAIL_DIALOG);
  }

  protected override async onBeginDialog(innerDc: DialogContext, options?: EmailOptions): Promise<DialogTurnResult> {
    await referToCallCenter(innerDc.context, options?.intent ?? emailIntents[0]);
    return { status: DialogTurnStatus.complete };
  }
}
