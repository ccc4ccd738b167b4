/**
 * What bench users do, written as what they type or press — never as the bot's wording, so the bench keeps working
 * while journeys are reworded or gain a step (a step that no longer fits is still a turn with a reply to time).
 * Each conversation opens as Web Chat opens one (members added), then follows one journey.
 */
export type Step = { join: true } | { say: string } | { press: Record<string, unknown> };
export type Locale = 'ja' | 'en';

export interface Identity {
  loginId: string;
  email: string;
}

type Script = (locale: Locale, who: Identity) => Step[];

const words = {
  ja: {
    faq: ['コンビニで印刷できる期限はいつまでですか', '対応しているブラウザを教えてください'],
    reset: ['第2パスワードを忘れました', '在学生'],
    reissue: ['認証キーが届きません', 'お願いします'],
    arrived: '届きました',
    person: ['人と話したいです', 'ありがとうございました'],
  },
  en: {
    faq: ['How long do I have to print at a convenience store?', 'Which browsers are supported?'],
    reset: ['I forgot my second password', 'current student'],
    reissue: ["my authentication key didn't arrive", 'yes please'],
    arrived: 'it arrived',
    person: ['I want to talk to a person', 'thank you'],
  },
} as const;

const join: Step = { join: true };
const say = (text: string): Step => ({ say: text });
const menu = (topic: string): Step => ({ press: { action: 'menu', topic } });

/** The mix, by weight: browsing the menu, asking a question, a second-password reset (identity check, mail), a key reissue, a person. */
export const journeys: Array<{ name: string; weight: number; script: Script }> = [
  { name: 'menu', weight: 25, script: () => [join, menu('deadlines'), menu('contact'), menu('browsers')] },
  { name: 'faq', weight: 30, script: (l) => [join, ...words[l].faq.map(say)] },
  {
    name: 'secondPasswordReset',
    weight: 15,
    script: (l, who) => [join, ...words[l].reset.map(say), say(who.loginId), say(who.email), say(words[l].arrived)],
  },
  {
    name: 'authKeyReissue',
    weight: 15,
    script: (l, who) => [join, ...words[l].reissue.map(say), say(who.loginId), say(who.email), say(words[l].arrived)],
  },
  { name: 'person', weight: 15, script: (l) => [join, ...words[l].person.map(say)] },
];

/** Students at the bench's seeded accounts: s8000000… with bench addresses (see benchFixture.ts). */
export const benchIdentity = (index: number): Identity => ({
  loginId: `s${8_000_000 + index}`,
  email: `bench${index}@example-u.ac.jp`,
});

/** A journey picked by weight with `random` (0 ≤ r < 1), 70 % of them in Japanese. */
export function pickJourney(random: () => number, accounts: number): { name: string; locale: Locale; steps: Step[] } {
  const total = journeys.reduce((sum, journey) => sum + journey.weight, 0);
  let roll = random() * total;
  const journey = journeys.find((candidate) => (roll -= candidate.weight) < 0) ?? journeys[0]!;
  const locale: Locale = random() < 0.7 ? 'ja' : 'en';
  return { name: journey.name, locale, steps: journey.script(locale, benchIdentity(Math.floor(random() * accounts))) };
}

/** The seed fixture (DESIGN.md "Stable interfaces" format) for `accounts` bench students. */
export function benchFixture(accounts: number): unknown {
  return {
    accounts: Array.from({ length: accounts }, (_, index) => ({
      tenant: 'example-u',
      kind: 'student',
      ...benchIdentity(index),
      emailConfirmed: true,
      secondPasswordSet: true,
      twoFactor: true,
      authKey: 'active',
      locale: index % 3 === 0 ? 'en' : 'ja',
    })),
  };
}
