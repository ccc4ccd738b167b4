import type { Locale } from '../i18n/i18n.ts';
import type { NlpjsClassifier } from './nlpjsClassifier.ts';
import { intentIds } from './nlu.ts';
import type { Candidate, IntentId } from './nlu.ts';

/** The best intents for a message, and whether the model knew any of its words at all. */
export interface Ranking {
  /** Up to three, best first, scores summing to at most 1. */
  candidates: Candidate[];
  /** False when no word of the message occurs in the training data. */
  knownWords: boolean;
}

/** A word that on its own points to one intent at least this strongly is distinctive enough to vote. */
const DISTINCTIVE = 0.9;

/** Where a long message splits into clauses: Japanese and Latin punctuation, line breaks. */
const clauseBoundary = /[、。,.!?！？;；\n]+/u;

const isIntentId = (intent: string): intent is IntentId => (intentIds as readonly string[]).includes(intent);

/**
 * Ranks intents with the nlp.js model, working around its one weakness that matters here: its one-vs-rest
 * scores are clipped at zero, so on a message whose words pull different ways every score can cancel out to 0
 * ("i cannot login to the certificate site"). Then, in turn:
 * 1. the most confident clause of a long message speaks for it;
 * 2. each distinctive word votes for its intent, giving candidates for "did you mean…" (rarely a clear winner).
 */
export class IntentRanker {
  /** Single-word classifications, memoised: the vocabulary is finite, so this stays small. */
  private readonly wordScores = new Map<string, Candidate[]>();

  constructor(private readonly classifier: Pick<NlpjsClassifier, 'classify' | 'knownStems'>) {}

  /** `text` must already be canonical (`canonicalizeText`). */
  async rank(language: Locale, text: string): Promise<Ranking> {
    const whole = await this.top(language, text);
    if (whole.length > 0) return { candidates: whole, knownWords: true };
    const byClause = await this.bestClause(language, text);
    if (byClause.length > 0) return { candidates: byClause, knownWords: true };
    const stems = await this.classifier.knownStems(language, text);
    if (stems.length === 0) return { candidates: [], knownWords: false };
    return { candidates: await this.vote(language, stems), knownWords: true };
  }

  private async top(language: Locale, text: string): Promise<Candidate[]> {
    return (await this.classifier.classify(language, text))
      .filter((entry): entry is Candidate => isIntentId(entry.intent) && entry.score > 0)
      .slice(0, 3)
      .map(({ intent, score }) => ({ intent, score }));
  }

  private async bestClause(language: Locale, text: string): Promise<Candidate[]> {
    const clauses = text.split(clauseBoundary).map((clause) => clause.trim()).filter(Boolean);
    let best: Candidate[] = [];
    if (clauses.length < 2) return best;
    for (const clause of clauses) {
      const candidates = await this.top(language, clause);
      if ((candidates[0]?.score ?? 0) > (best[0]?.score ?? 0)) best = candidates;
    }
    return best;
  }

  private async vote(language: Locale, stems: string[]): Promise<Candidate[]> {
    const votes = new Map<IntentId, number>();
    for (const stem of stems) {
      const key = `${language}:${stem}`;
      const scores = this.wordScores.get(key) ?? (await this.top(language, stem));
      this.wordScores.set(key, scores);
      const [best] = scores;
      if (best && best.score >= DISTINCTIVE) votes.set(best.intent, (votes.get(best.intent) ?? 0) + best.score);
    }
    const total = [...votes.values()].reduce((sum, value) => sum + value, 0);
    return [...votes]
      .map(([intent, value]) => ({ intent, score: value / total }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 3);
  }
}
