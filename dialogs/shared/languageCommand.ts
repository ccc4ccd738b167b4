import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { locales, localesDir, toLocale } from '../../services/i18n/i18n.ts';
import type { Locale } from '../../services/i18n/i18n.ts';
import { normalizeText } from '../../services/nlu/normalizeText.ts';
import { readCardAction } from '../cards/adaptiveCard.ts';

const CommandFile = z.partialRecord(z.enum(locales), z.array(z.string().min(1)));

/** Whole messages that switch the chat's language («English», 「英語」, "日本語", "Japanese"...). */
const commands: ReadonlyMap<string, Locale> = new Map(
  locales.flatMap((fileLocale) => {
    const file = path.join(localesDir, fileLocale, 'nlu', 'languageCommands.json');
    const parsed = CommandFile.parse(JSON.parse(readFileSync(file, 'utf8')) as unknown);
    return Object.entries(parsed).flatMap(([target, phrases]) =>
      phrases.map((phrase) => [normalizeText(phrase), target as Locale] as const),
    );
  }),
);

/** The locale a message asks to switch to: a typed command or the card's language button. */
export function requestedLocale(text: string | undefined, value: unknown): Locale | undefined {
  const action = readCardAction(value);
  if (action?.action === 'language') return toLocale(action.locale);
  return text === undefined ? undefined : commands.get(normalizeText(text).replace(/[.!。！]+$/u, ''));
}
