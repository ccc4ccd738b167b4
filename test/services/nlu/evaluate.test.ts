import { expect } from 'chai';
import { confusionRate, evaluate } from '../../../services/nlu/evaluate.ts';
import type { Prediction } from '../../../services/nlu/evaluate.ts';

const predictions: Prediction[] = [
  { lang: 'ja', expected: 'auth_key_missing', predicted: 'auth_key_missing' },
  { lang: 'ja', expected: 'auth_key_missing', predicted: 'auth_key_locked' },
  { lang: 'en', expected: 'auth_key_locked', predicted: 'auth_key_locked' },
  { lang: 'en', expected: 'greeting', predicted: 'none' },
  { lang: 'en', expected: 'auth_key_missing', predicted: 'auth_key_locked' },
];

describe('evaluate', () => {
  const report = evaluate(predictions);

  it('reports top-1 accuracy overall and per language', () => {
    expect(report.overall).to.deep.equal({ accuracy: 0.4, n: 5 });
    expect(report.ja).to.deep.equal({ accuracy: 0.5, n: 2 });
    expect(report.en).to.deep.equal({ accuracy: 0.3333, n: 3 });
  });

  it('reports precision and recall per intent, over the labels and the predictions', () => {
    expect(report.per_intent['auth_key_missing']).to.deep.equal({ precision: 1, recall: 0.3333, n: 3 });
    expect(report.per_intent['auth_key_locked']).to.deep.equal({ precision: 0.3333, recall: 1, n: 1 });
    expect(report.per_intent['greeting']).to.deep.equal({ precision: 0, recall: 0, n: 1 });
  });

  it('counts none as a miss and never lists it as an intent', () => {
    expect(report.per_intent).not.to.have.property('none');
    expect(report.confusions).to.deep.include({ expected: 'greeting', predicted: 'none', count: 1 });
  });

  it('lists confusions by count, most frequent first', () => {
    expect(report.confusions[0]).to.deep.equal({ expected: 'auth_key_missing', predicted: 'auth_key_locked', count: 2 });
    expect(report.confusions).to.have.length(2);
  });

  it('keeps only as many confusions as asked', () => {
    expect(evaluate(predictions, 1).confusions).to.have.length(1);
  });

  it('serialises to the stable nlu:eval shape', () => {
    expect(Object.keys(JSON.parse(JSON.stringify(report)) as object)).to.deep.equal(['overall', 'ja', 'en', 'per_intent', 'confusions']);
  });

  context('when a language has no examples', () => {
    it('reports accuracy 0 over n = 0', () => {
      expect(evaluate([{ lang: 'ja', expected: 'greeting', predicted: 'greeting' }]).en).to.deep.equal({ accuracy: 0, n: 0 });
    });
  });
});

describe('confusionRate', () => {
  it('is the share of a group’s messages mistaken for another intent of the group', () => {
    expect(confusionRate(predictions, ['auth_key_missing', 'auth_key_locked'])).to.equal(0.5);
  });

  it('ignores mistakes outside the group', () => {
    expect(confusionRate(predictions, ['greeting', 'thanks_bye'])).to.equal(0);
  });
});
