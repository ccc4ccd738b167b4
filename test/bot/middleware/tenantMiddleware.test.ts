import { expect } from 'chai';
import { TestAdapter } from 'botbuilder';
import { tenantMiddleware } from '../../../bot/middleware/tenantMiddleware.ts';
import { turnTenant } from '../../../dialogs/shared/turnContext.ts';
import { FileTenants } from '../../../services/tenants/fileTenants.ts';
import { builtInDemoTenant } from '../../../services/tenants/builtInDemoTenant.ts';
import { i18n, tFor } from '../../helpers/dialogClient.ts';

const other = { ...builtInDemoTenant, id: 'other-u', name: { ja: '別大学', en: 'Other University' } };

function adapterSeeingTenant(seen: string[]): TestAdapter {
  return new TestAdapter(async (context) => {
    seen.push(turnTenant(context).id);
    await context.sendActivity('ok');
  }).use(tenantMiddleware(FileTenants.fromList([builtInDemoTenant, other]), i18n));
}

describe('tenantMiddleware', () => {
  it('uses channelData.tenant when it names a known tenant', async () => {
    const seen: string[] = [];
    await adapterSeeingTenant(seen).send({ type: 'message', text: 'hi', channelData: { tenant: 'other-u' } }).assertReply('ok').startTest();
    expect(seen).to.deep.equal(['other-u']);
  });

  it('falls back to the default tenant when the channel names none', async () => {
    const seen: string[] = [];
    await adapterSeeingTenant(seen).send({ type: 'message', text: 'hi', channelData: { tenant: 42 } }).assertReply('ok').startTest();
    expect(seen).to.deep.equal(['example-u']);
  });

  it('answers an unknown tenant clearly, in the channel locale, and stops the turn', async () => {
    const seen: string[] = [];
    await adapterSeeingTenant(seen)
      .send({ type: 'message', text: 'hi', locale: 'en-US', channelData: { tenant: 'nobody-u' } })
      .assertReply(tFor('en')('common:unknownTenant', { tenant: 'nobody-u' }))
      .startTest();
    expect(seen).to.deep.equal([]);
  });
});
