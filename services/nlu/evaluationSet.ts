import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { locales } from '../i18n/i18n.ts';
import type { Locale } from '../i18n/i18n.ts';
import type { Prediction } from './evaluate.ts';
import { intentIds } from './nlu.ts';
import type { IntentId, Nlu } from './nlu.ts';

/** One line of an evaluation file (DESIGN.md "Stable interfaces": `{"text","lang","intent"}`). */
export interface Example {
  text: string;
  lang: Locale;
  intent: IntentId;
}

const Line = z.object({ text: z.string().trim().min(1), lang: z.enum(locales), intent: z.enum(intentIds) });

/** An evaluation file with bad lines; the message names each line number and what is wrong with it. */
export class EvaluationFileError extends Error {
  override get name(): string {
    return 'EvaluationFileError';
  }
}

/** Parses JSON Lines text; blank lines are skipped, any other bad line is reported with its number. */
export function parseExamples(content: string, source = 'input'): Example[] {
  const examples: Example[] = [];
  const problems: string[] = [];
  content.split(/\r?\n/u).forEach((raw, index) => {
    if (raw.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      problems.push(`${source}:${index + 1}: not valid JSON`);
      return;
    }
    const parsed = Line.safeParse(json);
    if (parsed.success) examples.push(parsed.data);
    else problems.push(`${source}:${index + 1}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'line'} ${i.message}`).join('; ')}`);
  });
  if (problems.length > 0) throw new EvaluationFileError(`bad lines in ${source}\n  ${problems.join('\n  ')}`);
  if (examples.length === 0) throw new EvaluationFileError(`${source}: no examples`);
  return examples;
}

/** Reads and parses an evaluation file. */
export async function readExamples(file: string): Promise<Example[]> {
  return parseExamples(await readFile(file, 'utf8'), file);
}

/** Runs each example through `nlu` with its label's language as the channel locale. */
export async function predictAll(nlu: Nlu, examples: readonly Example[]): Promise<Prediction[]> {
  const predictions: Prediction[] = [];
  for (const { text, lang, intent } of examples) {
    predictions.push({ lang, expected: intent, predicted: (await nlu.recognize(text, lang)).intent });
  }
  return predictions;
}
