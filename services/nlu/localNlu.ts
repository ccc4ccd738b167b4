import { createHash } from 'node:crypto';
import type { Locale } from '../i18n/i18n.ts';
import { canonicalizeText } from './canonicalizeText.ts';
import { detectLanguage } from './detectLanguage.ts';
import { ModelCache } from './modelCache.ts';
import { NlpjsClassifier, nlpjsVersion } from './nlpjsClassifier.ts';
import type { TrainingDocument } from './nlpjsClassifier.ts';
import { IntentRanker } from './intentRanker.ts';
import type { Nlu, Recognition } from './nlu.ts';
import { loadTrainingUtterances } from './trainingUtterances.ts';

/** Bump when the way documents become a model changes in a way the hash of the documents cannot see. */
const MODEL_FORMAT = 1;

/** Characters of a message that are classified. */
const MAX_LENGTH = 2000;

/** Options of `LocalNlu.load`. */
export interface LocalNluOptions {
  /** Where the trained model is cached: `DATA_DIR/nlu` in the bot. */
  cacheDir: string;
  /** The `locales/` folder holding `<lang>/nlu/utterances.json`; the project's by default. */
  localesDir?: string;
  /** Below this score the intent is `none` and the candidates are offered instead. */
  threshold?: number;
}

/**
 * Intent recognition by a neural model trained in-process (nlp.js) from `locales/<lang>/nlu/utterances.json`.
 * Each message is classified by the model of the language it is written in (`detectLanguage`), after
 * `canonicalizeText`. No network, no downloads; the model is cached under `cacheDir` keyed by a hash of the
 * training data and the library version, so an unchanged start-up loads it instead of retraining.
 */
export class LocalNlu implements Nlu {
  /** Chosen on the dev set: in-domain messages score above it; off-topic ones that dodge `out_of_scope` mostly below. */
  static readonly defaultThreshold = 0.5;

  private readonly ranker: IntentRanker;

  private constructor(
    classifier: NlpjsClassifier,
    /** Below this score the intent is `none`. */
    readonly threshold: number,
    /** True when this load trained the model (no cache, or the training data changed); false when it loaded the cache. */
    readonly trained: boolean,
  ) {
    this.ranker = new IntentRanker(classifier);
  }

  /** Loads the cached model for the current training data, or trains and caches it. */
  static async load(options: LocalNluOptions): Promise<LocalNlu> {
    const documents = trainingDocuments(options.localesDir);
    const key = cacheKey(documents);
    const cache = new ModelCache(options.cacheDir);
    const threshold = options.threshold ?? LocalNlu.defaultThreshold;
    const model = await cache.read(key);
    let classifier = model === undefined ? undefined : restore(model);
    const trained = classifier === undefined;
    if (!classifier) {
      classifier = await NlpjsClassifier.train(documents);
      await cache.write(key, classifier.toModel());
    }
    const nlu = new LocalNlu(classifier, threshold, trained);
    // The first classification per language is slow (lazy set-up, JIT): pay it at start-up, not in a user's turn.
    await nlu.recognize('ログインできません', 'ja');
    await nlu.recognize('I cannot log in', 'en');
    return nlu;
  }

  async recognize(text: string, locale: Locale): Promise<Recognition> {
    // A pasted log or mail of many pages says what it is about at the start; the cap bounds the time a turn takes.
    const message = text.slice(0, MAX_LENGTH);
    const language = detectLanguage(message) ?? locale;
    const canonical = canonicalizeText(message, language);
    const { candidates, knownWords } = canonical
      ? await this.ranker.rank(language, canonical)
      : { candidates: [], knownWords: true };
    // The training vocabulary covers the service in both languages: a message sharing no word with it
    // (「ゲームの話しよう」, "who won the match") is not about the service.
    if (!knownWords) return { intent: 'out_of_scope', score: 1, candidates: [{ intent: 'out_of_scope', score: 1 }], language };
    const best = candidates[0];
    const intent = best && best.score >= this.threshold ? best.intent : 'none';
    return { intent, score: best?.score ?? 0, candidates, language };
  }
}

/** The training utterances as the model sees them: canonicalised, without duplicates. */
function trainingDocuments(localesDir: string | undefined): TrainingDocument[] {
  const seen = new Set<string>();
  const documents: TrainingDocument[] = [];
  for (const { language, text, intent } of loadTrainingUtterances(localesDir)) {
    const document = { language, text: canonicalizeText(text, language), intent };
    const id = JSON.stringify(document);
    if (!document.text || seen.has(id)) continue;
    seen.add(id);
    documents.push(document);
  }
  return documents;
}

function cacheKey(documents: TrainingDocument[]): string {
  const content = JSON.stringify({ format: MODEL_FORMAT, library: nlpjsVersion, documents });
  return createHash('sha256').update(content).digest('hex').slice(0, 32);
}

/** A cache file that does not restore (truncated, another format) is treated as no cache. */
function restore(model: string): NlpjsClassifier | undefined {
  try {
    return NlpjsClassifier.fromModel(model);
  } catch {
    return undefined;
  }
}
