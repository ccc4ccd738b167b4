/** Markup that is already safe to insert: produced by {@link html}, never from user input directly. */
export class SafeHtml {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

/** What may be interpolated into {@link html}: text is escaped, SafeHtml is kept, lists are joined, blanks vanish. */
export type HtmlPart = SafeHtml | string | number | boolean | null | undefined | readonly HtmlPart[];

/**
 * A tagged template that escapes every interpolated value unless it is SafeHtml, so user input and
 * translations (i18next runs with `escapeValue: false`) can never become markup.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlPart[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** Escapes the five characters that matter in text and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function render(value: HtmlPart): string {
  if (value === null || value === undefined || value === false || value === true) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map((each: HtmlPart) => render(each)).join('');
  return escapeHtml(String(value));
}
