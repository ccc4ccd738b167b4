import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { locales } from '../../../services/i18n/i18n.ts';
import { canonicalizeText } from '../../../services/nlu/canonicalizeText.ts';
import { intentIds } from '../../../services/nlu/nlu.ts';
import { loadTrainingUtterances } from '../../../services/nlu/trainingUtterances.ts';

describe('loadTrainingUtterances', () => {
  const utterances = loadTrainingUtterances();

  for (const language of locales) {
    it(`has examples of every stable intent in ${language}`, () => {
      const intents = new Set(utterances.filter((u) => u.language === language).map((u) => u.intent));
      expect([...intents].sort()).to.deep.equal([...intentIds].sort());
    });
  }

  it('never lists the same message under two intents', () => {
    const intentOf = new Map<string, string>();
    for (const { language, text, intent } of utterances) {
      const key = `${language}:${canonicalizeText(text, language)}`;
      expect(intentOf.get(key) ?? intent, `${text} (${language})`).to.equal(intent);
      intentOf.set(key, intent);
    }
  });

  context('when a locale file misses an intent', () => {
    it('throws naming the file', () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'utterances-'));
      for (const language of locales) {
        mkdirSync(path.join(dir, language, 'nlu'), { recursive: true });
        writeFileSync(path.join(dir, language, 'nlu', 'utterances.json'), JSON.stringify({ greeting: ['hi'] }));
      }
      expect(() => loadTrainingUtterances(dir)).to.throw(/utterances\.json/u);
    });
  });
});
