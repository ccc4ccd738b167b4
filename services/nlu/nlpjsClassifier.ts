import { createRequire } from 'node:module';
import type { Locale } from '../i18n/i18n.ts';
import { japaneseFeatures, japaneseFeaturesVersion } from './japaneseFeatures.ts';

/**
 * The only file that touches nlp.js (@nlpjs/nlp + lang-ja + lang-en, CommonJS without type declarations):
 * it narrows the library to the calls the bot needs, with local types.
 * STACK.md: always pass the locale (its language guesser calls kanji-heavy Japanese Chinese), no auto-save
 * of `model.nlp` into the working directory, no training log on stdout. Japanese uses lang-ja's normaliser and
 * TinySegmenter but `japaneseFeatures` instead of its kuromoji stemmer (memory and start-up, see there).
 */
const require = createRequire(import.meta.url);

/** One intent score from the model; nlp.js also reports its own `None` pseudo-intent. */
export interface Classification {
  intent: string;
  score: number;
}

/** A training example: already canonicalised text, in the language of the model it trains. */
export interface TrainingDocument {
  language: Locale;
  text: string;
  intent: string;
}

/** The part of nlp.js's per-language neural model that knows the training vocabulary. */
interface DomainModel {
  features?: Record<string, number>;
  prepare(text: string): Promise<Record<string, number>>;
}

interface NlpEngine {
  container: { use(plugin: unknown): unknown; register(name: string, value: unknown, isSingleton: boolean): void };
  nluManager: { domainManagers: Record<string, { domains: Record<string, DomainModel | undefined> } | undefined> };
  addDocument(locale: string, utterance: string, intent: string): void;
  train(): Promise<unknown>;
  classify(locale: string, utterance: string, settings: Record<string, unknown>): Promise<{ classifications?: Classification[] }>;
  export(minified: boolean): string;
  import(data: string): void;
}

interface NlpModule {
  Nlp: new (settings: Record<string, unknown>) => NlpEngine;
}

const { Nlp } = require('@nlpjs/nlp') as NlpModule;
const { LangJa } = require('@nlpjs/lang-ja') as { LangJa: unknown };
const { LangEn } = require('@nlpjs/lang-en') as { LangEn: unknown };
const versionOf = (name: string): string => (require(`${name}/package.json`) as { version: string }).version;

/** Identifies the library build, so a cached model is retrained after an upgrade. */
export const nlpjsVersion = [
  ...['@nlpjs/nlp', '@nlpjs/lang-ja', '@nlpjs/lang-en'].map((name) => `${name}@${versionOf(name)}`),
  `japaneseFeatures@${japaneseFeaturesVersion}`,
].join(' ');

const ignore = (): void => undefined;
const silentLogger = { trace: ignore, debug: ignore, info: ignore, log: ignore, warn: ignore, error: ignore, fatal: ignore };

function createEngine(): NlpEngine {
  const engine = new Nlp({
    languages: ['ja', 'en'],
    autoSave: false,
    autoLoad: false,
    nlu: { log: false },
    calculateSentiment: false,
  });
  engine.container.use(LangJa);
  engine.container.use(LangEn);
  // nlp.js logs to the console (e.g. "utterance contains only stop words"); the bot logs through its own logger only.
  engine.container.register('logger', silentLogger, true);
  engine.container.register('stemmer-ja', { stem: (words: string[], input: { text: string }) => japaneseFeatures(words, input.text) }, true);
  return engine;
}

/** A trained nlp.js neural intent classifier for Japanese and English. */
export class NlpjsClassifier {
  private constructor(private readonly engine: NlpEngine) {}

  /** Trains a new model (seconds, CPU-bound). */
  static async train(documents: Iterable<TrainingDocument>): Promise<NlpjsClassifier> {
    const engine = createEngine();
    for (const { language, text, intent } of documents) engine.addDocument(language, text, intent);
    await engine.train();
    return new NlpjsClassifier(engine);
  }

  /** Restores a model saved by `toModel()`; throws when the text is not such a model. */
  static fromModel(model: string): NlpjsClassifier {
    const engine = createEngine();
    engine.import(model);
    return new NlpjsClassifier(engine);
  }

  /** Scores of every intent for an already canonicalised text, best first. */
  async classify(language: Locale, text: string): Promise<Classification[]> {
    const result = await this.engine.classify(language, text, { log: false });
    return [...(result.classifications ?? [])].sort((a, b) => b.score - a.score);
  }

  /**
   * The features of `text` (`japaneseFeatures` for Japanese, Porter stems for English) that occur in the
   * training data. Empty when the model has never seen any word of the message.
   */
  async knownStems(language: Locale, text: string): Promise<string[]> {
    const model = this.engine.nluManager.domainManagers[language]?.domains['master_domain'];
    if (!model?.features) return [];
    const features = model.features;
    return Object.keys(await model.prepare(text)).filter((stem) => Object.hasOwn(features, stem));
  }

  /** The trained model as text, for the cache. */
  toModel(): string {
    return this.engine.export(true);
  }
}
