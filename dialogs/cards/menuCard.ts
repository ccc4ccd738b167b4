import type { Attachment } from 'botbuilder';
import type { TFunction } from 'i18next';
import type { Locale } from '../../services/i18n/i18n.ts';
import type { IntentId } from '../../services/nlu/nlu.ts';
import type { Tenant } from '../../services/tenants/tenant.ts';
import { cardOf, MAX_CARD_ACTIONS } from './adaptiveCard.ts';
import type { CardButton } from './adaptiveCard.ts';

/**
 * The topics FaqDialog answers. A button sends `{action: 'menu', topic}`; the menu shows some of them,
 * the printing topic's follow-up question the rest, and the "did you mean…" card any of them.
 */
export const menuTopics = [
  'printing',
  'places',
  'payment',
  'deadlines',
  'refund',
  'overseas',
  'certificateNotes',
  'browsers',
  'portalLanguage',
  'manual',
  'afterLogin',
  'serviceHours',
  'contact',
] as const;
export type MenuTopic = (typeof menuTopics)[number];

export const isMenuTopic = (topic: string): topic is MenuTopic => (menuTopics as readonly string[]).includes(topic);

type Features = Tenant['features'];

/** A journey button: the intent it sends as `{action: 'choice', value}` (MainDialog treats it as that intent) and the feature it needs. */
interface JourneyButton {
  intent: IntentId;
  needs?: keyof Features;
}

/** The welcome menu's buttons: the journeys users are most often stuck in (DESIGN.md "Who uses it"). */
const journeyButtons: readonly JourneyButton[] = [
  { intent: 'login_help' },
  { intent: 'confirmation_mail_missing' },
  { intent: 'forgot_second_password', needs: 'secondPassword' },
  { intent: 'auth_key_missing', needs: 'twoFactor' },
];

/** The "Other questions" card: FAQ topics, then graduates, the call center and a person. */
const otherTopics: readonly MenuTopic[] = ['printing', 'browsers', 'portalLanguage', 'afterLogin', 'serviceHours'];
const otherJourneys: readonly JourneyButton[] = [{ intent: 'graduate_application', needs: 'graduates' }];
const personJourney: JourneyButton = { intent: 'human_agent' };

export interface MenuCardData {
  /** The language the language button switches to. */
  otherLocale: Locale;
  /** The tenant's features: a button for a feature the university does not use is never shown. */
  features: Features;
}

/**
 * The main menu: a button per journey the tenant has, and "Other questions", which opens (Action.ShowCard,
 * in the same message) the FAQ topics, then graduates, the call center and a person. The language switch is
 * a secondary button under the heading, as in every card built by `adaptiveCard`. The fallback text numbers every choice for channels without cards.
 */
export function menuCard(t: TFunction, data: MenuCardData): Attachment {
  const journeys = journeyButtons.filter((button) => offered(button, data.features)).map((button) => journey(t, button));
  const topics = otherTopics.map((topic) => topicButton(t, topic));
  const people = [
    ...otherJourneys.filter((button) => offered(button, data.features)).map((button) => journey(t, button)),
    topicButton(t, 'contact'),
    journey(t, personJourney),
  ];
  const language: CardButton = { title: t(`cards:menu.switchTo.${data.otherLocale}`), data: { action: 'language', locale: data.otherLocale } };
  if (journeys.length + 1 > MAX_CARD_ACTIONS || topics.length > MAX_CARD_ACTIONS || people.length > MAX_CARD_ACTIONS) {
    throw new Error(`a card takes at most ${MAX_CARD_ACTIONS} buttons`);
  }
  const heading = t('cards:menu.heading');
  const moreHeading = t('cards:menu.moreHeading');
  const numbered = [...journeys, ...topics, ...people, language].map((button, index) => `${index + 1}. ${button.title}`);
  const fallback = [heading, ...numbered.slice(0, journeys.length), moreHeading, ...numbered.slice(journeys.length)].join('\n');
  return cardOf({
    fallbackText: fallback,
    speak: heading,
    body: [
      { type: 'TextBlock', text: heading, wrap: true, weight: 'Bolder' },
      { type: 'ActionSet', actions: [submit(language)] },
    ],
    actions: [
      ...journeys.map(submit),
      {
        type: 'Action.ShowCard',
        title: t('cards:menu.more'),
        card: {
          type: 'AdaptiveCard',
          body: [
            { type: 'TextBlock', text: moreHeading, wrap: true, weight: 'Bolder' },
            { type: 'ActionSet', actions: topics.map(submit) },
          ],
          actions: people.map(submit),
        },
      },
    ],
  });
}

const offered = (button: JourneyButton, features: Features): boolean => button.needs === undefined || features[button.needs];

const journey = (t: TFunction, button: JourneyButton): CardButton => ({
  title: t(`cards:menu.journeys.${button.intent}`),
  data: { action: 'choice', value: button.intent },
});

const topicButton = (t: TFunction, topic: MenuTopic): CardButton => ({
  title: t(`cards:menu.topics.${topic}`),
  data: { action: 'menu', topic },
});

const submit = (button: CardButton) => ({ type: 'Action.Submit', title: button.title, data: button.data });
