import type { Field } from '../shared/fieldPrompt.ts';
import { turnT } from '../shared/turnContext.ts';
import { cleanReason, readReference } from './staffCommand.ts';

/** Why staff act: required for every action and kept in the audit (issue 7 item 2). */
export const reasonField: Field<string> = {
  question: (context) => turnT(context)('staff:ask.reason'),
  read(context, text) {
    const reason = cleanReason(text);
    return reason && [...reason].length >= 3 ? { value: reason } : { retry: turnT(context)('staff:ask.reasonRetry') };
  },
};

/** The ticket or conversation the action belongs to. */
export const referenceField: Field<string> = {
  question: (context) => turnT(context)('staff:ask.reference'),
  read(context, text) {
    const reference = readReference(text);
    return reference ? { value: reference } : { retry: turnT(context)('staff:ask.referenceRetry') };
  },
};
