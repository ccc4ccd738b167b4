import { expect } from 'chai';
import { missingMailChecklistCard } from '../../../dialogs/cards/missingMailChecklistCard.ts';
import { tFor } from '../../helpers/dialogClient.ts';
import { validateCard } from '../../helpers/validateCard.ts';

const sender = 'cert-no-reply@example-u.ac.jp';

describe('missingMailChecklistCard', () => {
  for (const locale of ['ja', 'en'] as const) {
    for (const mail of ['confirmation', 'reset', 'change'] as const) {
      it(`[${locale}] lists the manual's five checks for the ${mail} mail in order, naming the sender to allow-list`, () => {
        const t = tFor(locale);
        const attachment = missingMailChecklistCard(t, { mail, senderAddress: sender });
        const content = attachment.content as { body: Array<{ text?: string }>; actions: unknown[]; fallbackText: string };
        expect(attachment.contentType).to.equal('application/vnd.microsoft.card.adaptive');
        expect(validateCard(content)).to.deep.equal([]);
        const items = t(`missingMail:checklist.items.${mail}`, { returnObjects: true, sender }) as string[];
        expect(items).to.have.length(5);
        expect(content.body.map((element) => element.text)).to.deep.equal([
          t('missingMail:checklist.heading'),
          ...items.map((item, index) => `${index + 1}. ${item}`),
        ]);
        expect(content.body[2]!.text).to.include('10');
        expect(content.body[3]!.text).to.include(sender);
        expect(content.body.map((element) => element.text).join('')).not.to.include('{{');
        expect(content.actions).to.deep.equal([]);
        expect(content.fallbackText).to.include(items[4]!);
      });
    }
  }
});
