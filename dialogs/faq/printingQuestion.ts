import type { TFunction } from 'i18next';
import { normalizeText } from '../../services/nlu/normalizeText.ts';
import type { MenuTopic } from '../cards/menuCard.ts';

/**
 * The parts of "certificates: printing, paying, deadlines" a message can ask about, in the order they are
 * tried: the narrower first, so "can I pay at a store abroad?" is about abroad, and "refund after the
 * deadline" about the refund. Each has its words in `faq:printing.keywords.<topic>`.
 */
const printingParts = ['manual', 'overseas', 'refund', 'certificateNotes', 'deadlines', 'payment', 'places'] as const satisfies readonly MenuTopic[];
export type PrintingPart = (typeof printingParts)[number];

/** The choices the printing topic's follow-up question offers (the rest are found from the user's words only). */
export const printingChoices = ['places', 'payment', 'deadlines', 'overseas', 'certificateNotes'] as const satisfies readonly PrintingPart[];

/** Which part of the printing topic `text` asks about, from the locale's keywords; undefined when it names none. */
export function printingQuestion(t: TFunction, text: string | undefined): PrintingPart | undefined {
  const message = normalizeText(text ?? '');
  if (message === '') return undefined;
  return printingParts.find((part) => {
    const words = t(`faq:printing.keywords.${part}`, { returnObjects: true }) as unknown;
    return Array.isArray(words) && words.some((word) => typeof word === 'string' && mentions(message, normalizeText(word)));
  });
}

/** Latin words must start a word ("pay" is in "payment", not in "display"); other scripts have no spaces to rely on. */
function mentions(message: string, word: string): boolean {
  if (word === '') return false;
  if (!/^[\x20-\x7e]+$/u.test(word)) return message.includes(word);
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
  return new RegExp(`(^|[^a-z0-9])${escaped}`, 'u').test(message);
}
