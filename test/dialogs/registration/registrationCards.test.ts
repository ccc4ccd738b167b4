import { expect } from 'chai';
import type { Attachment } from 'botbuilder';
import type { TFunction } from 'i18next';
import { registrationStepsCard } from '../../../dialogs/cards/registrationStepsCard.ts';
import type { RegistrationStepsCardData } from '../../../dialogs/cards/registrationStepsCard.ts';
import { registrationTriageCard } from '../../../dialogs/cards/registrationTriageCard.ts';
import type { RegistrationTriageCardData } from '../../../dialogs/cards/registrationTriageCard.ts';
import { tFor } from '../../helpers/dialogClient.ts';
import { validateCard } from '../../helpers/validateCard.ts';

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

/** A `t` that returns its key (and the values it was given), to prove every string of a card comes from `t`. */
const keyT = ((key: string, values?: Record<string, unknown>) => `⟨${key}${values ? JSON.stringify(values) : ''}⟩`) as unknown as TFunction;

interface CardContent {
  fallbackText: string;
  body: Array<{ type: string; text?: string }>;
  actions: Array<{ type: string; title: string; data: unknown }>;
}
const content = (card: Attachment): CardContent => card.content as CardContent;
const texts = (card: Attachment): string[] => [
  ...content(card).body.flatMap((block) => (block.text ? [block.text] : [])),
  ...content(card).actions.map((action) => action.title),
];

const steps: RegistrationStepsCardData = {
  university: 'Example University',
  webPage: 'https://www.example-u.ac.jp/',
  loginIdLabel: 'student number',
  loginIdExample: 's1234567',
  secondPassword: true,
};
const allFeatures = { secondPassword: true, twoFactor: true, graduates: true, studentIdAddition: true };
const noFeatures = { secondPassword: false, twoFactor: false, graduates: false, studentIdAddition: false };
const triage = (features: RegistrationTriageCardData['features']): RegistrationTriageCardData => ({
  university: 'Example University',
  loginIdLabel: 'student number',
  loginIdExample: 's1234567',
  features,
});

describe('registration cards', () => {
  describe('registrationStepsCard', () => {
    for (const locale of ['ja', 'en'] as const) {
      it(`is a valid Adaptive Card with six numbered steps and a plain-text fallback (${locale})`, () => {
        const card = registrationStepsCard(tFor(locale), steps);
        expect(card.contentType).to.equal(ADAPTIVE);
        expect(validateCard(card.content)).to.deep.equal([]);
        expect(content(card).body.slice(1).map((block) => block.text?.slice(0, 3))).to.deep.equal(['1. ', '2. ', '3. ', '4. ', '5. ', '6. ']);
        expect(content(card).fallbackText).to.include(tFor(locale)('registration:steps.heading')).and.include('6. ');
        expect(content(card).actions).to.deep.equal([]);
      });
    }

    it('takes every string from t, with the tenant values', () => {
      for (const text of texts(registrationStepsCard(keyT, steps))) expect(text).to.match(/⟨registration:steps\.\w+/u);
      expect(JSON.stringify(registrationStepsCard(keyT, steps).content)).to.include('s1234567').and.include('https://www.example-u.ac.jp/');
    });

    it('says the first login leaves the second password empty only where the tenant uses one', () => {
      expect(JSON.stringify(registrationStepsCard(keyT, steps).content)).to.include('steps.loginNoSecondPassword');
      const plain = JSON.stringify(registrationStepsCard(keyT, { ...steps, secondPassword: false }).content);
      expect(plain).to.include('steps.login{').and.not.include('loginNoSecondPassword');
    });
  });

  describe('registrationTriageCard', () => {
    for (const locale of ['ja', 'en'] as const) {
      for (const [name, features] of [['every feature', allFeatures], ['no feature', noFeatures], ['graduates only', { ...noFeatures, graduates: true }]] as const) {
        it(`is a valid Adaptive Card for a tenant with ${name} (${locale})`, () => {
          const card = registrationTriageCard(tFor(locale), triage(features));
          expect(card.contentType).to.equal(ADAPTIVE);
          expect(validateCard(card.content)).to.deep.equal([]);
          for (const action of content(card).actions) expect(content(card).fallbackText).to.include(action.title);
        });
      }
    }

    it('sends the intent each button starts', () => {
      const card = registrationTriageCard(keyT, triage(allFeatures));
      expect(content(card).actions.map((action) => [action.type, action.data])).to.deep.equal([
        ['Action.Submit', { action: 'choice', value: 'register_email' }],
        ['Action.Submit', { action: 'choice', value: 'forgot_second_password' }],
        ['Action.Submit', { action: 'choice', value: 'auth_key_missing' }],
        ['Action.Submit', { action: 'choice', value: 'human_agent' }],
      ]);
    });

    it('takes every string from t, and mentions only the features the tenant uses', () => {
      const full = registrationTriageCard(keyT, triage(allFeatures));
      for (const text of texts(full)) expect(text).to.match(/^⟨registration:triage\./u);
      expect(texts(full).join()).to.include('triage.secondPassword').and.include('triage.authKey').and.include('triage.graduates.withSecondPassword');
      const none = texts(registrationTriageCard(keyT, triage(noFeatures))).join();
      expect(none).to.not.include('secondPassword').and.not.include('authKey').and.not.include('graduates');
      const graduatesOnly = texts(registrationTriageCard(keyT, triage({ ...noFeatures, graduates: true }))).join();
      expect(graduatesOnly).to.include('triage.graduates.plain').and.not.include('secondPassword');
    });
  });
});
