import { DialogTurnStatus } from 'botbuilder-dialogs';
import type { DialogContext, DialogTurnResult } from 'botbuilder-dialogs';
import type { Accounts } from '../../services/accounts/accounts.ts';
import { InterruptibleDialog } from '../shared/interruptibleDialog.ts';
import { offerPerson } from '../shared/offerPerson.ts';
import type { JourneyOptions, JourneyResult } from '../shared/journey.ts';

export const HANDOFF_DIALOG = 'handoffDialog';

export const handoffIntents = ['human_agent'] as const;
export type HandoffIntent = (typeof handoffIntents)[number];
export const isHandoffIntent = (intent: string): intent is HandoffIntent => (handoffIntents as readonly string[]).includes(intent);

export type HandoffOptions = JourneyOptions<HandoffIntent>;
export type HandoffResult = JourneyResult;

/** Not built yet (issue 6): the way to a person is the call center's contact, as offerPerson gives it. */
export class HandoffDialog extends InterruptibleDialog {
  constructor(protected readonly accounts: Accounts) {
    super(HANDOFF_DIALOG);
  }

  protected override async onBeginDialog(innerDc: DialogContext, options?: HandoffOptions): Promise<DialogTurnResult> {
    void options;
    await offerPerson(innerDc.context, 'interruptions:person');
    return { status: DialogTurnStatus.complete };
  }
}
