import { Dialog } from 'botbuilder-dialogs';
import type { DialogContext, DialogInstance, DialogTurnResult } from 'botbuilder-dialogs';
import { ActivityTypes } from 'botbuilder';
import type { TurnContext } from 'botbuilder';
import { checkEmailAddress } from '../../services/recognition/checkEmailAddress.ts';
import type { Tenant } from '../../services/tenants/tenant.ts';
import { MAX_FIELD_LENGTH, MAX_TRIES } from '../shared/fieldPrompt.ts';
import type { JourneyResult } from '../shared/journey.ts';
import { turnT, turnTenant } from '../shared/turnContext.ts';
import { addressReport } from './addressReport.ts';

export interface AddressCheckOptions {
  /** Check the message that is being answered now (the user typed an address instead of "yes") rather than ask for one. */
  checkCurrent?: boolean;
}

/** Counters only: the address itself is read, answered and forgotten within its turn, never kept in dialog state. */
interface PromptState {
  tries: number;
  reports: number;
}

/** Corrected addresses checked again before the prompt lets the conversation move on. */
const MAX_REPORTS = 3;

/**
 * Asks for the address the user plans to register and says what the screen's checklist would find wrong with it
 * (checkEmailAddress). After a report that needs a correction, the corrected address may be typed for another check.
 * Ends with `{unanswered: true}` for a message with no "@" at all (a new question, for MainDialog to understand);
 * after MAX_TRIES unreadable answers it gives up politely.
 */
export class AddressCheckPrompt extends Dialog<AddressCheckOptions> {
  override async beginDialog(dc: DialogContext, options?: AddressCheckOptions): Promise<DialogTurnResult> {
    dc.activeDialog!.state = { tries: 0, reports: 0 } satisfies PromptState;
    if (options?.checkCurrent) return await this.read(dc);
    await dc.context.sendActivity(turnT(dc.context)('registration:ask'));
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    if (dc.context.activity.type !== ActivityTypes.Message) return Dialog.EndOfTurn;
    return await this.read(dc);
  }

  override async repromptDialog(context: TurnContext, _instance: DialogInstance): Promise<void> {
    await context.sendActivity(turnT(context)('registration:ask'));
  }

  private async read(dc: DialogContext): Promise<DialogTurnResult> {
    const { context } = dc;
    const t = turnT(context);
    const state = dc.activeDialog!.state as PromptState;
    const text = context.activity.text ?? '';
    if (text.length > MAX_FIELD_LENGTH) return await this.retry(dc, state, t('registration:check.tooLong'));
    const check = checkEmailAddress(text, { knownDomains: tenantMailDomains(turnTenant(context)) });
    if (check.outcome === 'none') return await dc.endDialog({ unanswered: true } satisfies JourneyResult);
    if (check.outcome === 'several') return await this.retry(dc, state, t('registration:check.several'));
    if (check.outcome === 'unreadable') return await this.retry(dc, state, t(`registration:check.unreadable.${check.reason}`));
    state.reports += 1;
    const report = addressReport(t, check, turnTenant(context).senderAddress, state.reports < MAX_REPORTS);
    await context.sendActivity(report.text);
    return report.correctable && state.reports < MAX_REPORTS ? Dialog.EndOfTurn : await dc.endDialog({} satisfies JourneyResult);
  }

  private async retry(dc: DialogContext, state: PromptState, reason: string): Promise<DialogTurnResult> {
    const t = turnT(dc.context);
    state.tries += 1;
    if (state.tries >= MAX_TRIES) {
      await dc.context.sendActivity(t('registration:check.gaveUp'));
      return await dc.endDialog({} satisfies JourneyResult);
    }
    await dc.context.sendActivity(`${reason}\n\n${t('registration:ask')}`);
    return Dialog.EndOfTurn;
  }
}

/** The tenant's own mail domains (its sender's and its web page's) are right even when they look like a typo of a common one. */
function tenantMailDomains(tenant: Tenant): string[] {
  const sender = tenant.senderAddress.slice(tenant.senderAddress.lastIndexOf('@') + 1);
  const web = new URL(tenant.webPage).hostname.replace(/^www\./u, '');
  return [...new Set([sender, web].map((domain) => domain.toLowerCase()))];
}
