import type { TurnContext } from 'botbuilder';
import { formatHours } from './formatHours.ts';
import { turnLanguage, turnTenant } from './turnContext.ts';

/** The tenant's call-center lines and the chat hours, in the turn's language (DOMAIN.md "Contact"). */
export function contactLines(context: TurnContext): string[] {
  const { t } = turnLanguage(context);
  const tenant = turnTenant(context);
  return [
    t('faq:contact.intro'),
    ...tenant.callCenter.map((phone) =>
      t(phone.japaneseOnly ? 'faq:contact.phoneJapaneseOnly' : 'faq:contact.phone', {
        number: phone.number,
        hours: formatHours(t, phone.hours),
        audience: t(`faq:contact.audience.${phone.audience}`),
      }),
    ),
    t('faq:contact.chat', { hours: formatHours(t, tenant.chatHours) }),
  ];
}
