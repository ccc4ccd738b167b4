import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { locales, localesDir } from '../../services/i18n/i18n.ts';
import { normalizeText } from '../../services/nlu/normalizeText.ts';

/** What a user may ask for at any step of any journey (issue 5 item 10). */
export const interruptions = ['help', 'cancel', 'restart', 'person'] as const;
export type Interruption = (typeof interruptions)[number];

const CommandFile = z.partialRecord(z.enum(interruptions), z.array(z.string().min(1)));

/** Whole messages, in either language, that interrupt a journey («キャンセル», "talk to a person", 「最初から」...). */
const commands: ReadonlyMap<string, Interruption> = new Map(
  locales.flatMap((fileLocale) => {
    const file = path.join(localesDir, fileLocale, 'nlu', 'interruptions.json');
    const parsed = CommandFile.parse(JSON.parse(readFileSync(file, 'utf8')) as unknown);
    return Object.entries(parsed).flatMap(([command, phrases]) =>
      phrases.map((phrase) => [normalizeText(phrase), command as Interruption] as const),
    );
  }),
);

/** The interruption a message asks for, or undefined. Only whole messages count: "cancel" inside a sentence does not. */
export function requestedInterruption(text: string | undefined): Interruption | undefined {
  if (text === undefined) return undefined;
  return commands.get(normalizeText(text).replace(/[.!?。！？]+$/u, '').trim());
}
