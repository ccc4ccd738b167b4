import { expect } from 'chai';
import { IntentRanker } from '../../../services/nlu/intentRanker.ts';
import type { Classification } from '../../../services/nlu/nlpjsClassifier.ts';

/** A model that knows a few texts and stems; everything else scores nothing, as nlp.js does when scores cancel out. */
function fakeClassifier(scores: Record<string, Classification[]>, stems: Record<string, string[]> = {}) {
  return {
    classify: async (_language: string, text: string) => scores[text] ?? [{ intent: 'None', score: 1 }],
    knownStems: async (_language: string, text: string) => stems[text] ?? [],
  };
}

describe('IntentRanker', () => {
  describe('#rank', () => {
    it('returns the model’s top three real intents, dropping nlp.js’s None and zero scores', async () => {
      const ranker = new IntentRanker(fakeClassifier({
        text: [
          { intent: 'login_help', score: 0.6 }, { intent: 'None', score: 0.2 }, { intent: 'greeting', score: 0.1 },
          { intent: 'thanks_bye', score: 0.05 }, { intent: 'human_agent', score: 0.05 }, { intent: 'contact_hours', score: 0 },
        ],
      }));
      expect(await ranker.rank('en', 'text')).to.deep.equal({
        candidates: [{ intent: 'login_help', score: 0.6 }, { intent: 'greeting', score: 0.1 }, { intent: 'thanks_bye', score: 0.05 }],
        knownWords: true,
      });
    });

    context('when the whole message scores nothing', () => {
      it('lets the most confident clause speak', async () => {
        const ranker = new IntentRanker(fakeClassifier({
          'url expired': [{ intent: 'register_email', score: 0.9 }],
          'what now': [{ intent: 'thanks_bye', score: 0.4 }],
        }));
        const { candidates } = await ranker.rank('en', 'url expired, what now');
        expect(candidates[0]).to.deep.equal({ intent: 'register_email', score: 0.9 });
      });

      it('lets each distinctive word vote when no clause scores either', async () => {
        const ranker = new IntentRanker(fakeClassifier(
          {
            login: [{ intent: 'login_help', score: 1 }],
            certif: [{ intent: 'certificate_printing', score: 0.95 }],
            the: [{ intent: 'greeting', score: 0.5 }],
          },
          { 'cannot login to the certificate site': ['login', 'the', 'certif'] },
        ));
        const { candidates, knownWords } = await ranker.rank('en', 'cannot login to the certificate site');
        expect(knownWords).to.equal(true);
        expect(candidates.map(({ intent }) => intent)).to.deep.equal(['login_help', 'certificate_printing']);
        expect(candidates[0]!.score).to.be.closeTo(1 / 1.95, 1e-9);
      });

      it('says so when the model knows none of the words', async () => {
        expect(await new IntentRanker(fakeClassifier({})).rank('en', 'xyzzy plugh')).to.deep.equal({ candidates: [], knownWords: false });
      });
    });
  });
});
