import type { Locale } from '../i18n/i18n.ts';
import type { IntentId } from './nlu.ts';

/** One labelled message and what the recogniser made of it (`none` when it was below the threshold). */
export interface Prediction {
  lang: Locale;
  expected: IntentId;
  predicted: IntentId | 'none';
}

/** Top-1 accuracy over a group of messages. */
export interface Accuracy {
  accuracy: number;
  n: number;
}

/** Per intent: precision over the messages predicted as it, recall over the `n` messages labelled with it. */
export interface IntentScore {
  precision: number;
  recall: number;
  n: number;
}

/** A mistake and how often it happened. */
export interface Confusion {
  expected: IntentId;
  predicted: IntentId | 'none';
  count: number;
}

/** The `nlu:eval` result, in the shape DESIGN.md "Stable interfaces" fixes. */
export interface EvaluationReport {
  overall: Accuracy;
  ja: Accuracy;
  en: Accuracy;
  per_intent: Record<string, IntentScore>;
  confusions: Confusion[];
}

const round = (value: number): number => Math.round(value * 10_000) / 10_000;
const ratio = (part: number, whole: number): number => (whole === 0 ? 0 : round(part / whole));

function accuracy(predictions: readonly Prediction[]): Accuracy {
  const correct = predictions.filter(({ expected, predicted }) => expected === predicted).length;
  return { accuracy: ratio(correct, predictions.length), n: predictions.length };
}

/**
 * Scores predictions: accuracy overall and per language (the label's language), precision/recall per intent,
 * and the most frequent confusions (count, then names, descending). `none` is always a miss: every message
 * of an evaluation file has a real intent. An intent never predicted has precision 0; an intent that is only
 * predicted (n = 0) has recall 0. Values are rounded to four decimals.
 */
export function evaluate(predictions: readonly Prediction[], maxConfusions = 10): EvaluationReport {
  const intents = new Set<IntentId>();
  const confusionCounts = new Map<string, Confusion>();
  for (const { expected, predicted } of predictions) {
    intents.add(expected);
    if (predicted !== 'none') intents.add(predicted);
    if (expected === predicted) continue;
    const key = `${expected}\u0000${predicted}`;
    const entry = confusionCounts.get(key) ?? { expected, predicted, count: 0 };
    entry.count += 1;
    confusionCounts.set(key, entry);
  }
  const perIntent: Record<string, IntentScore> = {};
  for (const intent of [...intents].sort()) {
    const labelled = predictions.filter(({ expected }) => expected === intent);
    const predictedAs = predictions.filter(({ predicted }) => predicted === intent);
    const hits = labelled.filter(({ predicted }) => predicted === intent).length;
    perIntent[intent] = { precision: ratio(hits, predictedAs.length), recall: ratio(hits, labelled.length), n: labelled.length };
  }
  const confusions = [...confusionCounts.values()]
    .sort((a, b) => b.count - a.count || a.expected.localeCompare(b.expected) || a.predicted.localeCompare(b.predicted))
    .slice(0, maxConfusions);
  return {
    overall: accuracy(predictions),
    ja: accuracy(predictions.filter(({ lang }) => lang === 'ja')),
    en: accuracy(predictions.filter(({ lang }) => lang === 'en')),
    per_intent: perIntent,
    confusions,
  };
}

/**
 * How often two intents are mistaken for each other, in either direction, as a share of the messages labelled
 * with any of them (issue 4: auth_key_missing/auth_key_locked and the like must stay under 5 %).
 */
export function confusionRate(predictions: readonly Prediction[], group: readonly IntentId[]): number {
  const labelled = predictions.filter(({ expected }) => group.includes(expected));
  const mixed = labelled.filter(({ expected, predicted }) => predicted !== expected && group.some((intent) => intent === predicted));
  return ratio(mixed.length, labelled.length);
}
