import { DialogTurnStatus } from 'botbuilder-dialogs';
import type { DialogContext, DialogTurnResult } from 'botbuilder-dialogs';
import type { Accounts } from '../../services/accounts/accounts.ts';
import { InterruptibleDialog } from '../shared/interruptibleDialog.ts';
import { referToCallCenter } from '../shared/journey.ts';
import type { JourneyOptions, JourneyResult } from '../shared/journey.ts';

export const REGISTRATION_DIALOG = 'registrationDialog';

export const registrationIntents = ['register_email', 'login_help'] as const;
export type RegistrationIntent = (typeof registrationIntents)[number];
export const isRegistrationIntent = (intent: string): intent is RegistrationIntent => (registrationIntents as readonly string[]).includes(intent);

export type RegistrationOptions = JourneyOptions<RegistrationIntent>;
export type RegistrationResult = JourneyResult;

/** Not built yet (issue 5): refers the user to the call center, as MainDialog did before this journey existed. */
export class RegistrationDialog extends InterruptibleDialog {
  constructor(protected readonly accounts: Accounts) {
    super(REGISTRATION_DIALOG);
  }

  protected override async onBeginDialog(innerDc: DialogContext, options?: RegistrationOptions): Promise<DialogTurnResult> {
    await referToCallCenter(innerDc.context, options?.intent ?? registrationIntents[0]);
    return { status: DialogTurnStatus.complete };
  }
}
