import { expect } from 'chai';
import { parseUserActivity, stampUserActivity } from '../../../bot/directLine/userActivity.ts';
import type { UserStamp } from '../../../bot/directLine/userActivity.ts';

describe('userActivity', () => {
  const stamp: UserStamp = {
    id: 'c1|0000002',
    conversationId: 'c1',
    userId: 'dl_u',
    tenant: 'example-u',
    locale: 'ja-JP',
    serviceUrl: 'http://127.0.0.1:1/directline',
    timestamp: new Date('2030-01-01T00:00:00Z'),
  };

  describe('parseUserActivity', () => {
    it('keeps what Web Chat sends and drops everything else', () => {
      const input = parseUserActivity({
        type: 'message',
        text: 'hi',
        textFormat: 'plain',
        localTimezone: 'Asia/Tokyo',
        entities: [{ type: 'ClientCapabilities', requiresBotState: true }],
        channelData: { clientActivityID: 'a1', clientTimestamp: 't', tenant: 'x', 'webchat:send-status': 'sending' },
        replyToId: 'x',
        membersAdded: [{ id: 'bot' }],
        speak: '<speak/>',
      });
      expect(input).to.deep.equal({
        type: 'message',
        text: 'hi',
        textFormat: 'plain',
        localTimezone: 'Asia/Tokyo',
        entities: [{ type: 'ClientCapabilities', requiresBotState: true }],
        channelData: { clientActivityID: 'a1', clientTimestamp: 't' },
      });
    });

    it('keeps an event’s name and value', () => {
      expect(parseUserActivity({ type: 'event', name: 'webchat/join', value: { a: [1] } })).to.deep.equal({
        type: 'event',
        name: 'webchat/join',
        value: { a: [1] },
      });
    });

    for (const body of [null, 42, 'message', [], {}, { type: 'trace' }, { type: 'message', text: 5 }, { type: 'message', channelData: 'x' }]) {
      it(`refuses ${JSON.stringify(body)} as BadArgument`, () => {
        expect(() => parseUserActivity(body)).to.throw().with.property('code', 'BadArgument');
      });
    }
  });

  describe('stampUserActivity', () => {
    it('falls back to the conversation’s locale when the client’s is missing or malformed', () => {
      expect(stampUserActivity(parseUserActivity({ type: 'message' }), stamp).locale).to.equal('ja-JP');
      expect(stampUserActivity(parseUserActivity({ type: 'message', locale: 'x_y!' }), stamp).locale).to.equal('ja-JP');
      expect(stampUserActivity(parseUserActivity({ type: 'message', locale: 'en-US' }), stamp).locale).to.equal('en-US');
    });

    it('sets the channel’s fields', () => {
      expect(stampUserActivity(parseUserActivity({ type: 'typing' }), stamp)).to.deep.equal({
        type: 'typing',
        id: 'c1|0000002',
        timestamp: '2030-01-01T00:00:00.000Z',
        channelId: 'directline',
        serviceUrl: 'http://127.0.0.1:1/directline',
        conversation: { id: 'c1' },
        from: { id: 'dl_u', role: 'user' },
        recipient: { id: 'bot', role: 'bot' },
        locale: 'ja-JP',
        channelData: { tenant: 'example-u' },
      });
    });
  });
});
