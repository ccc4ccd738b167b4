import { expect } from 'chai';
import { ConversationState, MemoryStorage, TestAdapter } from 'botbuilder';
import { turnErrorHandler } from '../../bot/turnErrorHandler.ts';
import { createLogger } from '../../services/log/logger.ts';
import { FileTenants } from '../../services/tenants/fileTenants.ts';
import { builtInDemoTenant } from '../../services/tenants/builtInDemoTenant.ts';
import { i18n, tFor } from '../helpers/dialogClient.ts';

describe('turnErrorHandler', () => {
  for (const [locale, channelLocale] of [
    ['ja', 'ja-JP'],
    ['en', 'en-US'],
  ] as const) {
    context(`when a ${locale} turn throws`, () => {
      it('logs the conversation id, apologises in the user language with a way to a person, and clears dialog state', async () => {
        const lines: Array<Record<string, unknown>> = [];
        const logger = createLogger('info', (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
        const storage = new MemoryStorage();
        const conversationState = new ConversationState(storage);
        const step = conversationState.createProperty<string>('step');
        const adapter = new TestAdapter(async (context) => {
          await step.set(context, 'half-way');
          await conversationState.saveChanges(context);
          throw new Error('secret internal detail at line 42');
        });
        adapter.onTurnError = turnErrorHandler(logger, conversationState, i18n, FileTenants.fromList([builtInDemoTenant]));

        const t = tFor(locale);
        await adapter
          .send({ type: 'message', text: 'hi', locale: channelLocale })
          .assertReply((reply) => {
            expect(reply.text).to.include(t('common:apology'));
            expect(reply.text).to.include('082-207-4262');
            expect(reply.text).not.to.include('secret internal detail');
            expect(reply.text).not.to.match(/at .*:\d+/);
          })
          .startTest();

        expect(lines).to.have.length(1);
        expect(lines[0]).to.include({ level: 'error', msg: 'turn failed', conversationId: 'Convo1' });
        expect(JSON.stringify(lines[0])).to.include('secret internal detail');
        expect(await storage.read(['test/conversations/Convo1/'])).to.deep.equal({});
      });
    });
  }
});
