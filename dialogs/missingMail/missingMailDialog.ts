import { DialogTurnStatus } from 'botbuilder-dialogs';
import type { DialogContext, DialogTurnResult } from 'botbuilder-dialogs';
import type { Accounts } from '../../services/accounts/accounts.ts';
import { InterruptibleDialog } from '../shared/interruptibleDialog.ts';
import { referToCallCenter } from '../shared/journey.ts';
import type { JourneyOptions, JourneyResult } from '../shared/journey.ts';

export const MISSING_MAIL_DIALOG = 'missingMailDialog';

export const missingMailIntents = ['confirmation_mail_missing'] as const;
export type MissingMailIntent = (typeof missingMailIntents)[number];
export const isMissingMailIntent = (intent: string): intent is MissingMailIntent => (missingMailIntents as readonly string[]).includes(intent);

export type MissingMailOptions = JourneyOptions<MissingMailIntent>;
export type MissingMailResult = JourneyResult;

/** Not built yet (issue 5): refers the user to the call center, as MainDialog did before this journey existed. */
export class MissingMailDialog extends InterruptibleDialog {
  constructor(protected readonly accounts: Accounts) {
    super(MISSING_MAIL_DIALOG);
  }

  protected override async onBeginDialog(innerDc: DialogContext, options?: MissingMailOptions): Promise<DialogTurnResult> {
    await referToCallCenter(innerDc.context, options?.intent ?? missingMailIntents[0]);
    return { status: DialogTurnStatus.complete };
  }
}
