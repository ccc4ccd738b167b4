import { expect } from 'chai';
import { readCardAction } from '../../../dialogs/cards/adaptiveCard.ts';
import { FORGOT_CURRENT, secondPasswordStepsCard } from '../../../dialogs/cards/secondPasswordStepsCard.ts';
import { tFor } from '../../helpers/dialogClient.ts';
import { validateCard } from '../../helpers/validateCard.ts';

interface Content {
  body: Array<{ text?: string }>;
  actions: Array<{ type: string; title: string; data: unknown }>;
  fallbackText: string;
}

describe('secondPasswordStepsCard', () => {
  for (const locale of ['ja', 'en'] as const) {
    context(`in ${locale}`, () => {
      const t = tFor(locale);
      const label = locale === 'ja' ? '学籍番号' : 'student number';

      it("numbers the first-login steps with the tenant's login-ID label, and has no buttons", () => {
        const attachment = secondPasswordStepsCard(t, { journey: 'set', loginIdLabel: label });
        const content = attachment.content as Content;
        expect(attachment.contentType).to.equal('application/vnd.microsoft.card.adaptive');
        expect(validateCard(content)).to.deep.equal([]);
        const steps = t('secondPassword:set.steps', { returnObjects: true, label }) as string[];
        expect(content.body.map((element) => element.text)).to.deep.equal([
          t('secondPassword:set.heading'),
          ...steps.map((step, index) => `${index + 1}. ${step}`),
        ]);
        expect(JSON.stringify(content)).to.include(label);
        expect(content.actions).to.deep.equal([]);
      });

      it('numbers the menu steps of 003 §2.4 (b) and offers the reset to a user who forgot the current one', () => {
        const content = secondPasswordStepsCard(t, { journey: 'change', loginIdLabel: label }).content as Content;
        expect(validateCard(content)).to.deep.equal([]);
        expect(content.body[0]!.text).to.equal(t('secondPassword:change.heading'));
        expect(content.body).to.have.length((t('secondPassword:change.steps', { returnObjects: true }) as string[]).length + 1);
        expect(content.actions.map(({ type, title }) => ({ type, title }))).to.deep.equal([
          { type: 'Action.Submit', title: t('secondPassword:change.forgotButton') },
        ]);
        expect(readCardAction(content.actions[0]!.data)).to.deep.equal({ action: 'choice', value: FORGOT_CURRENT });
        expect(content.fallbackText).to.include(`1. ${t('secondPassword:change.forgotButton')}`);
      });
    });
  }
});
