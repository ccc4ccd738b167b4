import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { locales } from '../../../services/i18n/i18n.ts';
import { LocalNlu } from '../../../services/nlu/localNlu.ts';
import { intentIds } from '../../../services/nlu/nlu.ts';
import { testCacheDir, trainedNlu } from './trainedNlu.ts';

/** A small locales folder: every intent with two made-up examples per language, plus `extra` ones. */
function tinyLocales(extra: string[] = []): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nlu-locales-'));
  for (const language of locales) {
    const utterances = Object.fromEntries(intentIds.map((intent) => [intent, [`${intent} alpha ${language}`, `${intent} beta ${language}`]]));
    utterances['greeting']!.push(...extra);
    mkdirSync(path.join(dir, language, 'nlu'), { recursive: true });
    writeFileSync(path.join(dir, language, 'nlu', 'utterances.json'), JSON.stringify(utterances));
  }
  return dir;
}

describe('LocalNlu', function () {
  this.timeout(120_000);

  describe('#recognize', () => {
    it('recognises an in-domain message above the threshold, with itself as the first candidate', async () => {
      const nlu = await trainedNlu();
      const recognition = await nlu.recognize('第２パスワードを忘れてしまいました', 'ja');
      expect(recognition.intent).to.equal('forgot_second_password');
      expect(recognition.score).to.be.at.least(nlu.threshold);
      expect(recognition.candidates?.[0]?.intent).to.equal('forgot_second_password');
    });

    it('offers at most three candidates, best first', async () => {
      const { candidates = [] } = await (await trainedNlu()).recognize('メールが届かないし認証キーもない', 'ja');
      expect(candidates.length).to.be.within(1, 3);
      expect(candidates.map(({ score }) => score)).to.deep.equal([...candidates.map(({ score }) => score)].sort((a, b) => b - a));
    });

    it('reports the language the message is written in, whatever the channel', async () => {
      const nlu = await trainedNlu();
      expect((await nlu.recognize('passwordを忘れた', 'en')).language).to.equal('ja');
      expect((await nlu.recognize('forgot my 2nd pw', 'ja')).language).to.equal('en');
    });

    it('keeps the channel language when the text does not tell', async () => {
      expect((await (await trainedNlu()).recognize('s1234567', 'en')).language).to.equal('en');
    });

    context('below the threshold', () => {
      it('answers none but keeps the candidates for "did you mean…"', async () => {
        const strict = await LocalNlu.load({ cacheDir: testCacheDir, threshold: 1.01 });
        const recognition = await strict.recognize('認証キーが届かない', 'ja');
        expect(recognition.intent).to.equal('none');
        expect(recognition.candidates?.[0]?.intent).to.equal('auth_key_missing');
        expect(recognition.score).to.equal(recognition.candidates?.[0]?.score);
      });
    });

    context('with off-topic text', () => {
      for (const [text, locale] of [['今日の天気はどうですか', 'ja'], ['who won the football match yesterday', 'en'], ['Moodleのパスワードを忘れた', 'ja']] as const) {
        it(`does not route ${JSON.stringify(text)} to a topic, and still has candidates`, async () => {
          const recognition = await (await trainedNlu()).recognize(text, locale);
          expect(recognition.intent).to.be.oneOf(['none', 'out_of_scope']);
          expect(recognition.candidates).to.not.be.empty;
        });
      }

      it('calls a message sharing no word with the training data out_of_scope', async () => {
        expect(await (await trainedNlu()).recognize('xyzzy plugh qwertz', 'en')).to.deep.equal({
          intent: 'out_of_scope', score: 1, candidates: [{ intent: 'out_of_scope', score: 1 }], language: 'en',
        });
      });
    });

    it('classifies only the start of a very long message', async () => {
      expect((await (await trainedNlu()).recognize(`認証キーが届きません。${'あ'.repeat(20_000)}`, 'ja')).intent).to.equal('auth_key_missing');
    });

    it('answers none with no candidates for a message of emoji only', async () => {
      expect(await (await trainedNlu()).recognize('👍🙏', 'ja')).to.deep.equal({ intent: 'none', score: 0, candidates: [], language: 'ja' });
    });
  });

  describe('.load', () => {
    it('trains and caches on first start, then loads the cache without retraining', async () => {
      const localesDir = tinyLocales();
      const cacheDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'nlu-cache-')), 'nlu');
      const first = await LocalNlu.load({ cacheDir, localesDir });
      const second = await LocalNlu.load({ cacheDir, localesDir });
      expect(first.trained).to.equal(true);
      expect(second.trained).to.equal(false);
      expect(readdirSync(cacheDir)).to.have.length(1);
      expect(await second.recognize('greeting alpha en', 'en')).to.deep.equal(await first.recognize('greeting alpha en', 'en'));
    });

    it('retrains when the utterances change, replacing the old model', async () => {
      const cacheDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'nlu-cache-')), 'nlu');
      await LocalNlu.load({ cacheDir, localesDir: tinyLocales() });
      const before = readdirSync(cacheDir);
      const changed = await LocalNlu.load({ cacheDir, localesDir: tinyLocales(['greeting gamma']) });
      expect(changed.trained).to.equal(true);
      expect(readdirSync(cacheDir)).to.have.length(1).and.not.deep.equal(before);
    });

    it('retrains when the cached model is damaged', async () => {
      const localesDir = tinyLocales();
      const cacheDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'nlu-cache-')), 'nlu');
      await LocalNlu.load({ cacheDir, localesDir });
      writeFileSync(path.join(cacheDir, readdirSync(cacheDir)[0]!), '{"half a mod');
      expect((await LocalNlu.load({ cacheDir, localesDir })).trained).to.equal(true);
    });
  });
});
