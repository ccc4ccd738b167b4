import type { TFunction } from 'i18next';
import { passwordProblems } from '../../services/accounts/reference/passwordRules.ts';
import type { PasswordProblem } from '../../services/accounts/reference/passwordRules.ts';
import { inputField } from './fragments.ts';
import { html } from './html.ts';
import type { SafeHtml } from './html.ts';

/** Each rule of locales/<lang>/passwordRules.json and the problem that breaks it (passwordRules.ts). */
const STUDENT_RULES: ReadonlyArray<readonly [string, PasswordProblem]> = [
  ['minLength', 'too_short'],
  ['upper', 'no_upper'],
  ['lower', 'no_lower'],
  ['digit', 'no_digit'],
  ['halfWidthOnly', 'invalid_characters'],
];
const GRADUATE_RULES = [...STUDENT_RULES, ['differentFromPassword', 'same_as_password'], ['notOld', 'reused']] as const;

/**
 * The rules as manual 003 §2.2 lists them. `liveFor` names the input whose typing marks each rule met
 * (passwordCheck.js); the graduates' list covers two inputs, so it is not marked.
 */
export function rulesList(tr: TFunction, graduate: boolean, liveFor?: string): SafeHtml {
  const rules = graduate ? GRADUATE_RULES : STUDENT_RULES;
  return html`<section class="rules-box"><p>${tr(graduate ? 'headingGraduate' : 'heading')}</p>
<ul class="rules"${liveFor ? html` data-rules-for="${liveFor}"` : ''}>${rules.map(([rule, problem]) => html`<li data-problem="${problem}">${tr(`rules.${rule}`)}</li>`)}</ul></section>`;
}

/** One password input with its "Check" input and the list of what is wrong with them. */
export interface PasswordPair {
  name: string;
  label: string;
  checkName: string;
  checkLabel: string;
  /** Problems the server found: shown at once; the script takes over when the user types. */
  problems: readonly PasswordProblem[];
  /** Problems that can apply to this input (students: neither `same_as_password` nor `reused`). */
  possible: readonly PasswordProblem[];
  /** The input this one must differ from (graduates: the password). */
  differsFrom?: string;
}

/**
 * Every message of the pair is in the page, hidden unless it applies, so the script only shows and hides
 * (no text in JavaScript, every string from locales/), and without script the server's list still shows.
 */
export function passwordPair(tr: TFunction, pair: PasswordPair): SafeHtml {
  const listId = `${pair.name}-problems`;
  const items = passwordProblems
    .filter((problem) => pair.possible.includes(problem))
    .map((problem) => html`<li data-problem="${problem}"${pair.problems.includes(problem) ? '' : html` hidden`}>${tr(`problems.${problem}`)}</li>`);
  const differs = pair.differsFrom ? html` data-differs-from="${pair.differsFrom}"` : '';
  return html`${inputField({ name: pair.name, label: pair.label, type: 'password', autocomplete: 'new-password' })}
${inputField({ name: pair.checkName, label: pair.checkLabel, type: 'password', autocomplete: 'new-password' })}
<ul class="problems" id="${listId}" data-problems-for="${pair.name}" data-check="${pair.checkName}"${differs} aria-live="polite">${items}</ul>`;
}

/** The problems a student's second password can have. */
export const STUDENT_PROBLEMS: readonly PasswordProblem[] = passwordProblems.filter((p) => p !== 'same_as_password' && p !== 'reused');
