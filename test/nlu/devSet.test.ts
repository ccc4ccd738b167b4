import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { canonicalizeText } from '../../services/nlu/canonicalizeText.ts';
import { confusionRate, evaluate } from '../../services/nlu/evaluate.ts';
import type { EvaluationReport, Prediction } from '../../services/nlu/evaluate.ts';
import { predictAll, readExamples } from '../../services/nlu/evaluationSet.ts';
import type { Example } from '../../services/nlu/evaluationSet.ts';
import { intentIds } from '../../services/nlu/nlu.ts';
import { loadTrainingUtterances } from '../../services/nlu/trainingUtterances.ts';
import { trainedNlu } from '../services/nlu/trainedNlu.ts';

const devFile = fileURLToPath(new URL('./dev.jsonl', import.meta.url));

/**
 * Floors just under the figures measured when the model was last tuned (overall 0.964, ja 0.962, en 0.968,
 * out_of_scope recall 0.972): a change to the utterances, the normalisation or the library that makes the bot
 * understand users worse fails the build. Issue 4's targets are lower (0.92 / 0.90 / 0.85).
 */
const floors = { overall: 0.95, ja: 0.945, en: 0.95, outOfScopeRecall: 0.94 };
/** Issue 4: each of these groups is confused less than 5 % of the time. */
const confusableGroups = [
  ['auth_key_missing', 'auth_key_locked'],
  ['change_email', 'email_inaccessible'],
  ['set_second_password', 'forgot_second_password', 'change_second_password'],
] as const;

/** Only letters and digits of the canonical text: "こんにちは！" and "こんにちは" are the same line. */
const sameLineKey = (text: string, language: Example['lang']): string =>
  `${language}:${canonicalizeText(text, language).replace(/[^\p{L}\p{N}]/gu, '')}`;

describe('the dev set (test/nlu/dev.jsonl)', function () {
  this.timeout(120_000);
  let examples: Example[];
  let predictions: Prediction[];
  let report: EvaluationReport;

  before(async () => {
    examples = await readExamples(devFile);
    predictions = await predictAll(await trainedNlu(), examples);
    report = evaluate(predictions);
  });

  it('has at least 25 lines for every intent, across both languages', () => {
    for (const intent of intentIds) expect(examples.filter((e) => e.intent === intent), intent).to.have.length.of.at.least(25);
  });

  it('shares no line with the training utterances, even after normalisation', () => {
    const training = new Set(loadTrainingUtterances().map(({ language, text }) => sameLineKey(text, language)));
    expect(examples.filter(({ text, lang }) => training.has(sameLineKey(text, lang))).map(({ text }) => text)).to.deep.equal([]);
  });

  it(`is classified with top-1 accuracy of at least ${floors.overall} overall`, () => {
    expect(report.overall.accuracy).to.be.at.least(floors.overall);
  });

  it(`is classified with top-1 accuracy of at least ${floors.ja} in Japanese and ${floors.en} in English`, () => {
    expect(report.ja.accuracy).to.be.at.least(floors.ja);
    expect(report.en.accuracy).to.be.at.least(floors.en);
  });

  it(`recalls at least ${floors.outOfScopeRecall} of the out-of-scope messages`, () => {
    expect(report.per_intent['out_of_scope']?.recall).to.be.at.least(floors.outOfScopeRecall);
  });

  for (const group of confusableGroups) {
    it(`confuses ${group.join(' / ')} less than 5 % of the time`, () => {
      expect(confusionRate(predictions, group)).to.be.below(0.05);
    });
  }
});
