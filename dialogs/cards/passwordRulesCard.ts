import type { Attachment } from 'botbuilder';
import type { TFunction } from 'i18next';
import { adaptiveCard } from './adaptiveCard.ts';

export interface PasswordRulesCardData {
  /** Graduates set a password and a second password together, with two more rules (manual 002 §2.1, §2.2 (e)). */
  audience: 'student' | 'graduate';
  /** Adds a valid example and invalid ones with the reason each breaks a rule. */
  withExamples: boolean;
}

const studentRules = ['minLength', 'upper', 'lower', 'digit', 'halfWidthOnly'] as const;
const graduateRules = [...studentRules, 'differentFromPassword', 'notOld'] as const;

/** One invalid example and the rule it breaks, as the locale file lists them. */
export interface PasswordExample {
  value: string;
  why: string;
}

/**
 * The second-password rules of manual 003 §2.2 (the same for a reset, §2.4 (c)), numbered, from
 * `passwordRules` (the texts the reset pages show), optionally with examples from `secondPassword:examples`.
 */
export function passwordRulesCard(t: TFunction, data: PasswordRulesCardData): Attachment {
  const rules = data.audience === 'graduate' ? graduateRules : studentRules;
  const lines = rules.map((rule, index) => `${index + 1}. ${t(`passwordRules:rules.${rule}`)}`);
  if (data.withExamples) lines.push(...exampleLines(t));
  return adaptiveCard(t(data.audience === 'graduate' ? 'passwordRules:headingGraduate' : 'passwordRules:heading'), lines, []);
}

function exampleLines(t: TFunction): string[] {
  const valid = t('secondPassword:examples.valid', { returnObjects: true }) as PasswordExample;
  const invalid = t('secondPassword:examples.invalid', { returnObjects: true }) as PasswordExample[];
  return [
    t('secondPassword:examples.heading'),
    t('secondPassword:examples.validLine', { value: valid.value, why: valid.why }),
    ...invalid.map((example) => t('secondPassword:examples.invalidLine', { value: example.value, why: example.why })),
    t('secondPassword:examples.doNotCopy'),
  ];
}
