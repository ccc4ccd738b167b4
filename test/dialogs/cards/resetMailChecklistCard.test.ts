import { expect } from 'chai';
import { resetMailChecklistCard } from '../../../dialogs/cards/resetMailChecklistCard.ts';
import { tFor } from '../../helpers/dialogClient.ts';
import { validateCard } from '../../helpers/validateCard.ts';

describe('resetMailChecklistCard', () => {
  for (const locale of ['ja', 'en'] as const) {
    it(`[${locale}] lists the manual's checks in order, naming the sender address to allow-list`, () => {
      const t = tFor(locale);
      const attachment = resetMailChecklistCard(t, { senderAddress: 'cert-no-reply@example-u.ac.jp' });
      const content = attachment.content as { body: Array<{ text?: string }>; actions: unknown[]; fallbackText: string };
      expect(attachment.contentType).to.equal('application/vnd.microsoft.card.adaptive');
      expect(validateCard(content)).to.deep.equal([]);
      const items = t('secondPassword:checklist.items', { returnObjects: true, sender: 'cert-no-reply@example-u.ac.jp' }) as string[];
      expect(items).to.have.length(5);
      expect(content.body.map((element) => element.text)).to.deep.equal([
        t('secondPassword:checklist.heading'),
        ...items.map((item, index) => `${index + 1}. ${item}`),
      ]);
      expect(content.body[3]!.text).to.include('cert-no-reply@example-u.ac.jp');
      expect(content.fallbackText).to.include(items[1]!);
    });
  }
});
