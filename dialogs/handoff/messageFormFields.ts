import { emailField } from '../shared/identityFields.ts';
import { MAX_FIELD_LENGTH } from '../shared/fieldPrompt.ts';
import type { Field } from '../shared/fieldPrompt.ts';
import { turnLanguage } from '../shared/turnContext.ts';

/** FieldPrompt asks to shorten anything longer (identity:tooLong). */
export const MAX_MESSAGE_LENGTH = MAX_FIELD_LENGTH;

/** The reply address: read like the registered address (typos queried, spaces pointed out), asked differently. */
export const contactEmailField: Field<string> = {
  question(context) {
    return turnLanguage(context).t('handoff:form.askEmail');
  },
  read: emailField.read,
};

/** The message itself. A secret-shaped message never gets here: InterruptibleDialog refuses it at every step. */
export const messageField: Field<string> = {
  question(context) {
    return turnLanguage(context).t('handoff:form.askText', { max: MAX_MESSAGE_LENGTH });
  },
  read(_context, text) {
    return { value: text.trim() };
  },
};
