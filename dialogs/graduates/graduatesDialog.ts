import { DialogTurnStatus } from 'botbuilder-dialogs';
import type { DialogContext, DialogTurnResult } from 'botbuilder-dialogs';
import type { Accounts } from '../../services/accounts/accounts.ts';
import { InterruptibleDialog } from '../shared/interruptibleDialog.ts';
import { referToCallCenter } from '../shared/journey.ts';
import type { JourneyOptions, JourneyResult } from '../shared/journey.ts';

export const GRADUATES_DIALOG = 'graduatesDialog';

export const graduatesIntents = ['graduate_application', 'add_student_id'] as const;
export type GraduatesIntent = (typeof graduatesIntents)[number];
export const isGraduatesIntent = (intent: string): intent is GraduatesIntent => (graduatesIntents as readonly string[]).includes(intent);

export type GraduatesOptions = JourneyOptions<GraduatesIntent>;
export type GraduatesResult = JourneyResult;

/** Not built yet (issue 5): refers the user to the call center, as MainDialog did before this journey existed. */
export class GraduatesDialog extends InterruptibleDialog {
  constructor(protected readonly accounts: Accounts) {
    super(GRADUATES_DIALOG);
  }

  protected override async onBeginDialog(innerDc: DialogContext, options?: GraduatesOptions): Promise<DialogTurnResult> {
    await referToCallCenter(innerDc.context, options?.intent ?? graduatesIntents[0]);
    return { status: DialogTurnStatus.complete };
  }
}
