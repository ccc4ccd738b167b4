import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { localesDir } from '../../services/i18n/i18n.ts';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Every leaf of a locale file as [dotted key, value]. */
function leaves(value: Json, prefix = ''): Array<[string, Json]> {
  // Lists (synonyms, steps) are one leaf: their lengths may differ between languages.
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([key, inner]) => leaves(inner, prefix ? `${prefix}.${key}` : key));
  }
  return [[prefix, value]];
}

const read = (locale: string, file: string): Json => JSON.parse(readFileSync(path.join(localesDir, locale, file), 'utf8')) as Json;
const placeholders = (value: Json): string[] => [...JSON.stringify(value).matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]!).sort();
const files = readdirSync(path.join(localesDir, 'ja')).filter((file) => file.endsWith('.json'));

describe('locales', () => {
  it('have the same files in ja and en', () => {
    expect(readdirSync(path.join(localesDir, 'en')).filter((file) => file.endsWith('.json')).sort()).to.deep.equal(files.sort());
    expect(files).to.include.members(['common.json', 'cards.json', 'faq.json']);
  });

  for (const file of files) {
    describe(file, () => {
      const ja = new Map(leaves(read('ja', file)));
      const en = new Map(leaves(read('en', file)));

      it('has identical key sets in ja and en', () => {
        expect([...en.keys()].sort()).to.deep.equal([...ja.keys()].sort());
      });

      it('has no empty strings except deliberate blanks shared by both languages', () => {
        for (const [key, value] of ja) {
          if (value === '') expect(en.get(key), key).to.equal('');
          else expect(String(en.get(key)), key).not.to.equal('');
        }
      });

      it('uses the same placeholders in ja and en', () => {
        for (const [key, value] of ja) expect(placeholders(en.get(key) ?? ''), key).to.deep.equal(placeholders(value));
      });
    });
  }

  it('writes Japanese politely (です・ます) in the sentences the bot says', () => {
    const common = new Map(leaves(read('ja', 'common.json')));
    for (const key of ['greeting', 'notUnderstood', 'thanks', 'apology']) {
      expect(String(common.get(key)), key).to.match(/(です|ます|ください|ません)[。！]?/);
    }
  });
});
