import { expect } from 'chai';
import type { Activity, Middleware, TurnContext } from 'botbuilder';
import { HandoffDialog } from '../../../dialogs/handoff/handoffDialog.ts';
import { setTurnHandoffDesk } from '../../../dialogs/handoff/handoffDesk.ts';
import type { HandoffDesk, HandoffRequest, LeftMessage } from '../../../dialogs/handoff/handoffDesk.ts';
import { personCard, isPersonAction } from '../../../dialogs/handoff/personCard.ts';
import { ratingCard, readRating, RATE_ACTION } from '../../../dialogs/handoff/ratingCard.ts';
import { formatHours } from '../../../dialogs/shared/formatHours.ts';
import type { Locale } from '../../../services/i18n/i18n.ts';
import { builtInDemoTenant } from '../../../services/tenants/builtInDemoTenant.ts';
import type { Tenant } from '../../../services/tenants/tenant.ts';
import { dialogClient, tFor } from '../../helpers/dialogClient.ts';
import type { DialogHarness } from '../../helpers/dialogClient.ts';
import { FakeAccounts } from '../../helpers/fakeAccounts.ts';
import { play, TYPING } from '../../helpers/transcript.ts';
import { validateCard } from '../../helpers/validateCard.ts';

/** A desk whose answers the test sets, recording what the dialog left with it. */
class FakeDesk implements HandoffDesk {
  readonly messages: LeftMessage[] = [];
  constructor(
    private readonly answer: HandoffRequest,
    private readonly messagesTaken = true,
  ) {}
  async request(): Promise<HandoffRequest> {
    return this.answer;
  }
  takesMessages(): boolean {
    return this.messagesTaken;
  }
  async leaveMessage(_context: TurnContext, message: LeftMessage): Promise<string> {
    this.messages.push(message);
    return 'T-000007';
  }
}

const office: Tenant = { ...builtInDemoTenant, chatHours: { days: 'weekdays', open: '09:00', close: '17:00' } };

function harness(locale: Locale, desk: HandoffDesk | undefined, tenant: Tenant = office): DialogHarness {
  const built = dialogClient(() => new HandoffDialog(new FakeAccounts()), { locale, tenant, initialOptions: { intent: 'human_agent' } });
  if (desk) {
    const withDesk: Middleware = {
      async onTurn(context, next) {
        setTurnHandoffDesk(context, desk);
        await next();
      },
    };
    built.client['_testAdapter'].use(withDesk);
  }
  return built;
}

/** The contact lines as the tests' `t` renders them (no turn context needed). */
function callCenter(locale: Locale, tenant: Tenant): string {
  const t = tFor(locale);
  return [
    t('faq:contact.intro'),
    ...tenant.callCenter.map((phone) =>
      t(phone.japaneseOnly ? 'faq:contact.phoneJapaneseOnly' : 'faq:contact.phone', { number: phone.number, hours: formatHours(t, phone.hours), audience: t(`faq:contact.audience.${phone.audience}`) }),
    ),
    t('faq:contact.chat', { hours: formatHours(t, tenant.chatHours) }),
  ].join('\n\n');
}

describe('HandoffDialog', () => {
  for (const locale of ['ja', 'en'] as const) {
    const t = tFor(locale);
    context(`in ${locale}`, () => {
      it('queues the user with the position and "a few minutes" until there is history', async () => {
        const h = harness(locale, new FakeDesk({ outcome: 'queued', position: 2 }));
        await play(h, [[locale === 'ja' ? '担当者と話したい' : 'talk to a person', [t('handoff:queued', { position: 2, estimate: t('handoff:estimate.few') })]]]);
      });

      it('gives the estimate in minutes once known', async () => {
        const h = harness(locale, new FakeDesk({ outcome: 'queued', position: 3, estimateMinutes: 7 }));
        await play(h, [['…', [t('handoff:queued', { position: 3, estimate: t('handoff:estimate.minutes', { minutes: 7 }) })]]]);
      });

      it('outside hours offers the form and turns email and message into a ticket', async () => {
        const desk = new FakeDesk({ outcome: 'closed' });
        const h = harness(locale, desk);
        await play(h, [
          ['…', [t('handoff:closed', { hours: formatHours(t, office.chatHours) }), (reply: Partial<Activity>) => expect(reply.text).to.equal(t('handoff:form.offer'))]],
          [{ action: 'choice', value: 'yes' }, [t('handoff:form.askEmail')]],
          ['hanako@example.com', [t('handoff:form.askText', { max: 256 })]],
          [locale === 'ja' ? '昨日からログインできません。' : 'I cannot log in since yesterday.', [TYPING, t('handoff:form.sent', { ticket: 'T-000007', email: 'hanako@example.com' })]],
        ]);
        expect(desk.messages).to.deep.equal([{ email: 'hanako@example.com', text: locale === 'ja' ? '昨日からログインできません。' : 'I cannot log in since yesterday.' }]);
      });

      it('never takes a pasted password into the message', async () => {
        const desk = new FakeDesk({ outcome: 'nobodyOnline' });
        const h = harness(locale, desk);
        await play(h, [
          ['…', [t('handoff:nobodyOnline'), (reply: Partial<Activity>) => expect(reply.text).to.equal(t('handoff:form.offer'))]],
          [{ action: 'choice', value: 'yes' }, [t('handoff:form.askEmail')]],
          ['hanako@example.com', [t('handoff:form.askText', { max: 256 })]],
          ['password: Abcd1234xy', [t('interruptions:secret'), t('handoff:form.askText', { max: 256 })]],
        ]);
        expect(desk.messages).to.deep.equal([]);
      });

      it('gives the call center when the user declines the form', async () => {
        const h = harness(locale, new FakeDesk({ outcome: 'nobodyOnline' }));
        await play(h, [
          ['…', [t('handoff:nobodyOnline'), (reply: Partial<Activity>) => expect(reply.text).to.equal(t('handoff:form.offer'))]],
          [{ action: 'choice', value: 'no' }, [t('handoff:form.declined'), (reply: Partial<Activity>) => expect(reply.text).to.include(t('handoff:form.unavailable'))]],
        ]);
      });

      it('without a staff address offers no form, only the call center', async () => {
        const h = harness(locale, new FakeDesk({ outcome: 'closed' }, false));
        await play(h, [['…', [t('handoff:closed', { hours: formatHours(t, office.chatHours) }), [t('handoff:form.unavailable'), ...callCenter(locale, office).split('\n\n').slice(1)].join('\n\n')]]]);
      });

      it('without a handoff desk keeps the call center lines (the fallback)', async () => {
        const h = harness(locale, undefined, builtInDemoTenant);
        await play(h, [['…', [`${t('interruptions:person')}\n\n${callCenter(locale, builtInDemoTenant)}`]]]);
      });
    });
  }
});

describe('ratingCard', () => {
  for (const locale of ['ja', 'en'] as const) {
    it(`is a valid Adaptive Card in ${locale} with five scores, a comment box and a plain-text fallback`, () => {
      const t = tFor(locale);
      const card = ratingCard(t, { round: 2 });
      expect(card.contentType).to.equal('application/vnd.microsoft.card.adaptive');
      expect(validateCard(card.content)).to.deep.equal([]);
      const content = card.content as { actions: Array<{ data: unknown; title: string }>; fallbackText: string; body: Array<{ type: string }> };
      expect(content.actions.map((action) => action.data)).to.deep.equal([1, 2, 3, 4, 5].map((score) => ({ action: RATE_ACTION, score, round: 2 })));
      expect(content.body.map((element) => element.type)).to.deep.equal(['TextBlock', 'Input.Text']);
      expect(content.fallbackText).to.include(t('handoff:rating.fallback'));
    });
  }

  describe('readRating', () => {
    it('reads a button with its comment, a typed digit (also full-width), and nothing else', () => {
      expect(readRating({ action: RATE_ACTION, score: 4, round: 1, comment: ' thanks ' }, undefined)).to.deep.equal({ score: 4, comment: 'thanks', round: 1 });
      expect(readRating(undefined, '５')).to.deep.equal({ score: 5 });
      expect(readRating(undefined, '6')).to.equal(undefined);
      expect(readRating(undefined, '45')).to.equal(undefined);
      expect(readRating({ action: RATE_ACTION, score: 9 }, undefined)).to.equal(undefined);
    });
  });
});

describe('personCard', () => {
  it('is a valid card whose one button asks for a person, with a fallback saying what to type', () => {
    for (const locale of ['ja', 'en'] as const) {
      const t = tFor(locale);
      const card = personCard(t);
      expect(validateCard(card.content)).to.deep.equal([]);
      const content = card.content as { actions: Array<{ data: unknown; title: string }>; fallbackText: string };
      expect(content.actions).to.have.length(1);
      expect(isPersonAction(content.actions[0]!.data)).to.equal(true);
      expect(content.actions[0]!.title).to.equal(t('handoff:offer.button'));
      expect(content.fallbackText).to.equal(t('handoff:offer.fallback'));
    }
  });
});
