import type { TurnContext } from 'botbuilder';
import type { Tenant } from '../../services/tenants/tenant.ts';
import type { MenuTopic } from '../cards/menuCard.ts';
import { contactLines } from '../shared/contactLines.ts';
import { turnLanguage, turnTenant } from '../shared/turnContext.ts';

/** The topics answered in one message; `browsers` needs the device first and `printing` asks what next. */
export type AnswerTopic = Exclude<MenuTopic, 'browsers' | 'printing'>;

/**
 * The answer to one topic, as paragraphs, from the locale files and the tenant's settings only.
 * Sources: manuals 002 §1.1 (stores, payment, deadlines, notes, service hours), §1.4 (how each way of
 * receiving works); 001/003/004 (browsers, contact, language pull-down, operating manual).
 */
export function answerLines(context: TurnContext, topic: AnswerTopic): string[] {
  const { t, locale } = turnLanguage(context);
  const tenant = turnTenant(context);
  const page = { university: tenant.name[locale], webPage: tenant.webPage };
  const contact = { contact: t('cards:menu.topics.contact') };
  switch (topic) {
    case 'contact':
      return contactLines(context);
    case 'portalLanguage':
      return [t('faq:portalLanguage.intro'), numbered(t('faq:portalLanguage.steps', { returnObjects: true })), t('faq:portalLanguage.note')];
    case 'manual':
      return [t('faq:manual.answer'), t('faq:manual.university', page)];
    case 'afterLogin':
      return [t('faq:afterLogin.intro'), numbered(afterLoginItems(tenant.features).map((item) => t(`faq:afterLogin.items.${item}`))), t('faq:afterLogin.more')];
    case 'places':
      return [t('faq:places.intro'), numbered(t('faq:places.list', { returnObjects: true })), t('faq:printing.university', page)];
    case 'payment':
      return [
        t('faq:payment.intro'),
        numbered(t('faq:payment.list', { returnObjects: true })),
        t('faq:payment.printingFee'),
        t('faq:printing.university', page),
      ];
    case 'deadlines':
      return [t('faq:deadlines.period'), t('faq:deadlines.noRefund')];
    case 'refund':
      // DOMAIN.md: refunds are for people; the manual's rule comes first.
      return [t('faq:deadlines.period'), t('faq:deadlines.noRefund'), t('faq:refund.person'), ...contactLines(context)];
    case 'overseas':
      return [t('faq:overseas.stores'), t('faq:overseas.post', page), t('faq:overseas.other', contact)];
    case 'certificateNotes':
      return [t('faq:certificateNotes.intro'), numbered(t('faq:certificateNotes.list', { returnObjects: true })), t('faq:printing.university', page)];
    case 'serviceHours':
      return [t('faq:serviceHours.answer'), t('faq:serviceHours.callCenter', contact)];
  }
}

/** The supported browsers for one device (manuals 001/003/004 §1.1). */
export function browserLines(context: TurnContext, device: unknown): string[] {
  const { t } = turnLanguage(context);
  return [t(`faq:browsers.${device === 'pc' ? 'pc' : 'smartphone'}`), t('faq:browsers.notGuaranteed')];
}

/**
 * What the menu after login offers this tenant's users (003 §2.4, §2.7; 001 §2.3, §3.1; 002 §2.4): only the
 * features the university uses.
 */
function afterLoginItems(features: Tenant['features']): string[] {
  return [
    'changeEmail',
    ...(features.secondPassword ? ['changeSecondPassword'] : []),
    ...(features.twoFactor ? ['twoFactor'] : []),
    ...(features.studentIdAddition ? ['studentId'] : []),
    ...(features.graduates ? ['graduates'] : []),
    'manual',
  ];
}

function numbered(items: unknown): string {
  const list = Array.isArray(items) ? items.filter((item): item is string => typeof item === 'string') : [];
  return list.map((item, index) => `${index + 1}. ${item}`).join('\n');
}
