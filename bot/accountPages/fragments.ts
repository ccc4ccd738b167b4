import { html } from './html.ts';
import type { HtmlPart, SafeHtml } from './html.ts';

/** Paragraphs of text, each escaped. */
export const paragraphs = (...texts: readonly string[]): SafeHtml => html`${texts.map((text) => html`<p>${text}</p>`)}`;

/** A message the user must act on (announced by screen readers). */
export const alertBox = (...texts: readonly string[]): SafeHtml => html`<div class="alert" role="alert">${paragraphs(...texts)}</div>`;

/** A confirmation of what just happened. */
export const infoBox = (...texts: readonly string[]): SafeHtml => html`<div class="info" role="status">${paragraphs(...texts)}</div>`;

/** A link styled as the manual's buttons ("Move to Login page", "OK"). */
export const linkButton = (href: string, text: string): SafeHtml => html`<p><a class="button" href="${href}">${text}</a></p>`;

/** A POST form with the CSRF field and hidden values (the link's token, the language, the tenant). */
export function postForm(action: string, csrfField: SafeHtml, hidden: Record<string, string>, content: HtmlPart): SafeHtml {
  const inputs = Object.entries(hidden).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`);
  return html`<form method="post" action="${action}" accept-charset="utf-8">${csrfField}${inputs}${content}</form>`;
}

/** One labelled input; passwords are never echoed back into a page. */
export function inputField(spec: {
  name: string;
  label: string;
  type: 'text' | 'password';
  autocomplete: string;
  value?: string;
  hint?: string;
  id?: string;
}): SafeHtml {
  const id = spec.id ?? spec.name;
  const value = spec.type === 'password' ? '' : (spec.value ?? '');
  const hint = spec.hint ? html`<p class="hint" id="${id}-hint">${spec.hint}</p>` : '';
  return html`<label for="${id}">${spec.label}</label>${hint}<input id="${id}" name="${spec.name}" type="${spec.type}"
 autocomplete="${spec.autocomplete}" value="${value}" maxlength="256" spellcheck="false" autocapitalize="off"${spec.hint ? html` aria-describedby="${id}-hint"` : ''}>`;
}

/** The manual's "Notes" box. */
export const notes = (heading: string, items: readonly string[]): SafeHtml =>
  html`<section class="note"><h2>${heading}</h2><ul>${items.map((item) => html`<li>${item}</li>`)}</ul></section>`;
