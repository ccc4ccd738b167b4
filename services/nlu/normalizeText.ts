/** NFKC (full-width → half-width, half-width kana → full-width), lower case, collapsed spaces. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}
