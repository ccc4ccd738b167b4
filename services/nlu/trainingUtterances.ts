import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { locales, localesDir } from '../i18n/i18n.ts';
import type { Locale } from '../i18n/i18n.ts';
import { intentIds } from './nlu.ts';
import type { IntentId } from './nlu.ts';

/** `locales/<lang>/nlu/utterances.json`: every stable intent id, each with its example messages. */
const UtteranceFile = z.record(z.enum(intentIds), z.array(z.string().trim().min(1)).min(1));

/** One training example as written in the locale file. */
export interface TrainingUtterance {
  language: Locale;
  text: string;
  intent: IntentId;
}

/** Where a language's training utterances live. */
export const utterancesFile = (language: Locale, dir: string = localesDir): string =>
  path.join(dir, language, 'nlu', 'utterances.json');

/**
 * Reads the training utterances of every language. A missing intent, an empty list or an unknown id
 * throws with the file name: a broken training file must stop start-up, not silently shrink the model.
 */
export function loadTrainingUtterances(dir: string = localesDir): TrainingUtterance[] {
  return locales.flatMap((language) => {
    const file = utterancesFile(language, dir);
    const parsed = UtteranceFile.safeParse(JSON.parse(readFileSync(file, 'utf8')) as unknown);
    if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
    return Object.entries(parsed.data).flatMap(([intent, texts]) =>
      texts.map((text) => ({ language, text, intent: intent as IntentId })),
    );
  });
}
