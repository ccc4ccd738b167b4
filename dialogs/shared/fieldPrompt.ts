import { Dialog } from 'botbuilder-dialogs';
import type { DialogContext, DialogInstance, DialogTurnResult } from 'botbuilder-dialogs';
import { ActivityTypes } from 'botbuilder';
import type { TurnContext } from 'botbuilder';
import { turnT } from './turnContext.ts';

/** Unusable answers a field accepts before the prompt gives up (issue 5 item 8: at most three tries). */
export const MAX_TRIES = 3;

/** No login ID, address, birth date or student number is longer; longer text is not parsed at all. */
export const MAX_FIELD_LENGTH = 256;

/** What the prompt remembers between its turns: only values it derived, never the text of a message. */
export interface FieldMemory {
  /** An answer the field queried once ("gmial.com?"); the same answer again is taken as meant. */
  queried?: string;
}

/** An answer taken (with what to point out about how it was typed), or a reason to ask again. */
export type FieldReading<T> =
  | { value: T; note?: string }
  | {
      retry: string;
      /** A query about a plausible answer, not a mistake: it costs no try. */
      free?: boolean;
    };

/** One question of a form: how to ask it and how to read an answer, both in the turn's language. */
export interface Field<T> {
  question(context: TurnContext): string;
  read(context: TurnContext, text: string, memory: FieldMemory): FieldReading<T>;
}

interface PromptState {
  tries: number;
  memory: FieldMemory;
}

/**
 * Asks one free-text question and returns the value read from the answer, or undefined after MAX_TRIES
 * unusable answers. An unusable answer is told what is wrong and asked again; an empty one is asked again
 * without costing a try. The question is rendered at each ask, so a reprompt follows a language switch.
 */
export class FieldPrompt<T> extends Dialog {
  constructor(
    dialogId: string,
    private readonly field: Field<T>,
  ) {
    super(dialogId);
  }

  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state: PromptState = { tries: 0, memory: {} };
    dc.activeDialog!.state = state;
    await dc.context.sendActivity(this.field.question(dc.context));
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const { context } = dc;
    if (context.activity.type !== ActivityTypes.Message) return Dialog.EndOfTurn;
    const state = dc.activeDialog!.state as PromptState;
    const text = context.activity.text ?? '';
    if (text.trim() === '') {
      await context.sendActivity(this.field.question(context));
      return Dialog.EndOfTurn;
    }
    const reading: FieldReading<T> =
      text.length > MAX_FIELD_LENGTH ? { retry: turnT(context)('identity:tooLong') } : this.field.read(context, text, state.memory);
    if ('value' in reading) {
      if (reading.note) await context.sendActivity(reading.note);
      return await dc.endDialog(reading.value);
    }
    if (!reading.free) state.tries += 1;
    if (state.tries >= MAX_TRIES) return await dc.endDialog(undefined);
    await context.sendActivity(`${reading.retry}\n\n${this.field.question(context)}`);
    return Dialog.EndOfTurn;
  }

  override async repromptDialog(context: TurnContext, _instance: DialogInstance): Promise<void> {
    await context.sendActivity(this.field.question(context));
  }
}
