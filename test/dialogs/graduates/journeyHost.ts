import { WaterfallDialog } from 'botbuilder-dialogs';
import type { Dialog, DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import type { JourneyOptions, JourneyResult } from '../../../dialogs/shared/journey.ts';
import { InterruptibleDialog } from '../../../dialogs/shared/interruptibleDialog.ts';
import { menuReply } from '../../../dialogs/shared/menuReply.ts';

const HOST = 'journeyTestHost';
const ROUTE = 'journeyTestRoute';

/**
 * Stands in for MainDialog's routing: the outermost interruptible dialog, which begins the journey with the intent
 * MainDialog would pass and, as MainDialog's offerMore does, shows the menu after it unless the journey handed the
 * message back (`unanswered`), in which case it ends with that result for the test to read.
 */
export class JourneyHost extends InterruptibleDialog {
  constructor(journey: Dialog) {
    super(HOST);
    this.addDialog(journey);
    this.addDialog(
      new WaterfallDialog<JourneyOptions>(ROUTE, [
        async (step: WaterfallStepContext<JourneyOptions>): Promise<DialogTurnResult> =>
          await step.beginDialog(journey.id, { intent: step.options.intent } satisfies JourneyOptions),
        async (step: WaterfallStepContext<JourneyOptions>): Promise<DialogTurnResult> => {
          const result = step.result as JourneyResult | undefined;
          if (!result?.unanswered) await step.context.sendActivity(menuReply(step.context, 'common:anythingElse'));
          return await step.endDialog(result);
        },
      ]),
    );
    this.initialDialogId = ROUTE;
  }
}
