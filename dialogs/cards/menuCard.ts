import type { Attachment } from 'botbuilder';
import type { TFunction } from 'i18next';
import type { Locale } from '../../services/i18n/i18n.ts';
import { adaptiveCard } from './adaptiveCard.ts';

/** The topics the menu offers; later journeys add theirs here once they exist. */
export const menuTopics = ['browsers', 'contact', 'portalLanguage', 'manual', 'deadlines'] as const;
export type MenuTopic = (typeof menuTopics)[number];

export interface MenuCardData {
  /** The language the language button switches to. */
  otherLocale: Locale;
}

/** The main menu: one button per topic, and a secondary one to switch the chat's language. */
export function menuCard(t: TFunction, data: MenuCardData): Attachment {
  return adaptiveCard(
    t('cards:menu.heading'),
    [],
    menuTopics.map((topic) => ({ title: t(`cards:menu.topics.${topic}`), data: { action: 'menu' as const, topic } })),
    [{ title: t(`cards:menu.switchTo.${data.otherLocale}`), data: { action: 'language', locale: data.otherLocale } }],
  );
}

export const isMenuTopic = (topic: string): topic is MenuTopic => (menuTopics as readonly string[]).includes(topic);
