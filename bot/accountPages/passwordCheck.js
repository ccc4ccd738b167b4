// Live check of the password rules as the user types: the same rules as
// services/accounts/reference/passwordRules.ts (manual 003 §2.2). Every message is already in the page
// (from locales/); this script only shows and hides them and marks the rules met. The server checks again.
'use strict';

// East Asian Wide and Fullwidth blocks, as in passwordRules.ts.
const FULL_WIDTH = new RegExp(
  '[\u1100-\u115F\u2E80-\u303E\u3040-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F' +
    '\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1F64F}\u{20000}-\u{3FFFD}]',
  'u',
);

function ruleProblems(value) {
  const problems = [];
  if ([...value].length < 8) problems.push('too_short');
  if (!/[A-Z]/.test(value)) problems.push('no_upper');
  if (!/[a-z]/.test(value)) problems.push('no_lower');
  if (!/[0-9]/.test(value)) problems.push('no_digit');
  if (/[^A-Za-z0-9]/.test(value)) {
    problems.push('invalid_characters');
    if (FULL_WIDTH.test(value)) problems.push('full_width');
    if (/\s/u.test(value)) problems.push('spaces');
  }
  return problems;
}

function watch(list) {
  const input = document.getElementById(list.dataset.problemsFor);
  const check = document.getElementById(list.dataset.check);
  const other = list.dataset.differsFrom ? document.getElementById(list.dataset.differsFrom) : null;
  const rules = document.querySelector(`[data-rules-for="${list.dataset.problemsFor}"]`);
  if (!input || !check) return;
  const update = () => {
    const problems = input.value === '' ? [] : ruleProblems(input.value);
    if (check.value !== '' && check.value !== input.value) problems.push('mismatch');
    if (other && input.value !== '' && other.value === input.value) problems.push('same_as_password');
    for (const item of list.querySelectorAll('[data-problem]')) item.hidden = !problems.includes(item.dataset.problem);
    if (!rules) return;
    const broken = ruleProblems(input.value);
    for (const rule of rules.querySelectorAll('[data-problem]')) rule.classList.toggle('met', !broken.includes(rule.dataset.problem));
  };
  for (const source of [input, check, other]) if (source) source.addEventListener('input', update);
}

for (const list of document.querySelectorAll('[data-problems-for]')) watch(list);
