import { expect } from 'chai';
import { passwordRulesCard } from '../../../dialogs/cards/passwordRulesCard.ts';
import type { PasswordExample } from '../../../dialogs/cards/passwordRulesCard.ts';
import { tFor } from '../../helpers/dialogClient.ts';
import { validateCard } from '../../helpers/validateCard.ts';

interface Content {
  body: Array<{ type: string; text?: string }>;
  actions: unknown[];
  fallbackText: string;
}

describe('passwordRulesCard', () => {
  for (const locale of ['ja', 'en'] as const) {
    context(`in ${locale}`, () => {
      const t = tFor(locale);

      it('lists the five rules of manual 003 §2.2 for students, numbered, from the locale file', () => {
        const attachment = passwordRulesCard(t, { audience: 'student', withExamples: false });
        const content = attachment.content as Content;
        expect(attachment.contentType).to.equal('application/vnd.microsoft.card.adaptive');
        expect(validateCard(content)).to.deep.equal([]);
        expect(content.body.map((element) => element.text)).to.deep.equal([
          t('passwordRules:heading'),
          ...['minLength', 'upper', 'lower', 'digit', 'halfWidthOnly'].map((rule, index) => `${index + 1}. ${t(`passwordRules:rules.${rule}`)}`),
        ]);
        expect(content.actions).to.deep.equal([]);
        expect(content.fallbackText).to.include(t('passwordRules:rules.upper'));
      });

      it('adds the graduate rules (different from the password, not the old one) for graduates', () => {
        const content = passwordRulesCard(t, { audience: 'graduate', withExamples: false }).content as Content;
        expect(validateCard(content)).to.deep.equal([]);
        const texts = content.body.map((element) => element.text);
        expect(texts[0]).to.equal(t('passwordRules:headingGraduate'));
        expect(texts).to.include(`6. ${t('passwordRules:rules.differentFromPassword')}`);
        expect(texts).to.include(`7. ${t('passwordRules:rules.notOld')}`);
      });

      it('shows a valid example and each invalid one with its reason', () => {
        const content = passwordRulesCard(t, { audience: 'student', withExamples: true }).content as Content;
        expect(validateCard(content)).to.deep.equal([]);
        const texts = content.body.map((element) => element.text);
        const valid = t('secondPassword:examples.valid', { returnObjects: true }) as PasswordExample;
        const invalid = t('secondPassword:examples.invalid', { returnObjects: true }) as PasswordExample[];
        expect(texts).to.include(t('secondPassword:examples.validLine', { value: valid.value, why: valid.why }));
        for (const example of invalid) expect(texts).to.include(t('secondPassword:examples.invalidLine', { value: example.value, why: example.why }));
        expect(texts.at(-1)).to.equal(t('secondPassword:examples.doNotCopy'));
      });
    });
  }
});
