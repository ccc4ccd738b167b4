import { expect } from 'chai';
import { EvaluationFileError, parseExamples, predictAll } from '../../../services/nlu/evaluationSet.ts';
import type { Nlu } from '../../../services/nlu/nlu.ts';

describe('parseExamples', () => {
  it('reads JSON lines and skips blank lines', () => {
    const examples = parseExamples('{"text":"hi","lang":"en","intent":"greeting"}\n\n{"text":"こんにちは","lang":"ja","intent":"greeting"}\n');
    expect(examples).to.deep.equal([
      { text: 'hi', lang: 'en', intent: 'greeting' },
      { text: 'こんにちは', lang: 'ja', intent: 'greeting' },
    ]);
  });

  context('when lines are bad', () => {
    const content = [
      '{"text":"hi","lang":"en","intent":"greeting"}',
      '{"text":"hi","lang":"fr","intent":"greeting"}',
      'not json',
      '{"text":"hi","lang":"en","intent":"no_such_intent"}',
      '{"lang":"en","intent":"greeting"}',
    ].join('\n');

    it('throws naming every bad line by number', () => {
      expect(() => parseExamples(content, 'dev.jsonl'))
        .to.throw(EvaluationFileError)
        .with.property('message')
        .that.matches(/dev\.jsonl:2: lang/u)
        .and.matches(/dev\.jsonl:3: not valid JSON/u)
        .and.matches(/dev\.jsonl:4: intent/u)
        .and.matches(/dev\.jsonl:5: text/u)
        .and.not.matches(/dev\.jsonl:1:/u);
    });
  });

  it('refuses a file with no examples', () => {
    expect(() => parseExamples('\n\n', 'empty.jsonl')).to.throw(EvaluationFileError, /no examples/u);
  });
});

describe('predictAll', () => {
  it('asks the recogniser with the label’s language as the channel locale', async () => {
    const asked: string[] = [];
    const nlu: Nlu = {
      recognize: async (text, locale) => {
        asked.push(`${locale}:${text}`);
        return { intent: text === 'hi' ? 'greeting' : 'none', score: 1 };
      },
    };
    const predictions = await predictAll(nlu, [
      { text: 'hi', lang: 'en', intent: 'greeting' },
      { text: 'zzz', lang: 'ja', intent: 'out_of_scope' },
    ]);
    expect(asked).to.deep.equal(['en:hi', 'ja:zzz']);
    expect(predictions).to.deep.equal([
      { lang: 'en', expected: 'greeting', predicted: 'greeting' },
      { lang: 'ja', expected: 'out_of_scope', predicted: 'none' },
    ]);
  });
});
