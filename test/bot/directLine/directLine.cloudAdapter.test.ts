import { expect } from 'chai';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { installBrowserGlobals, RecordingClient, withText } from './directLineClient.ts';
import { DirectLineHarness } from './directLineHarness.ts';

/**
 * The fake bot only imitates botbuilder; this runs a real CloudAdapter (local mode, no app id) behind the
 * channel, so the Bot Connector calls it makes (reply URLs, headers, payloads) are the real ones.
 */
class WelcomeEchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMembersAdded(async (context, next) => {
      for (const member of context.activity.membersAdded ?? []) {
        if (member.id !== context.activity.recipient.id) {
          await context.sendActivity(`welcome ${context.activity.locale ?? ''} ${String(context.activity.channelData?.tenant)}`);
        }
      }
      await next();
    });
    this.onMessage(async (context, next) => {
      await context.sendActivity({ type: 'typing' });
      await context.sendActivity(`${context.activity.from.id} said ${context.activity.text ?? ''}`);
      await next();
    });
  }
}

describe('registerDirectLine behind a botbuilder CloudAdapter', () => {
  let harness: DirectLineHarness;
  let restoreGlobals: () => void;
  let chat: RecordingClient | undefined;

  before(async () => {
    restoreGlobals = installBrowserGlobals();
    const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    const bot = new WelcomeEchoBot();
    harness = await DirectLineHarness.start(async (req, res) => {
      await adapter.process(req, res, async (context) => await bot.run(context));
    });
  });
  after(async () => {
    chat?.close();
    await harness.close();
    restoreGlobals();
  });

  it('welcomes the user once, in the session’s locale and tenant, and answers as the token’s user', async () => {
    const { token, userId } = await harness.session({ tenant: 'example-u', locale: 'ja-JP' });
    chat = new RecordingClient({ token, domain: harness.domain, webSocket: true });
    await chat.waitFor(withText('welcome ja-JP example-u'));
    await chat.post({ type: 'message', text: 'こんにちは', from: { id: 'mallory' } });
    await chat.waitFor(withText(`${userId} said こんにちは`));
    expect(chat.activities.map((activity) => activity.type)).to.deep.equal(['message', 'message', 'typing', 'message']);
  });
});
