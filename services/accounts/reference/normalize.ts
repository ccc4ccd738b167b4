/**
 * Input as users type it (DESIGN.md, Conversation rules): NFKC turns full-width letters, digits and
 * the ideographic space into half-width ones, then surrounding whitespace is dropped.
 */
export function normalizeId(value: string): string {
  return value.normalize('NFKC').trim();
}

/** Emails compare case-insensitively: the bot cannot know whether a mail server treats the local part so. */
export function normalizeEmail(value: string): string {
  return normalizeId(value).toLowerCase();
}

/** `1999-09-09` (also from `1999/9/9` or full-width digits), or undefined when it is not a calendar date. */
export function normalizeBirthDate(value: string): string | undefined {
  const match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(normalizeId(value));
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${match[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
