import type { Attachment } from 'botbuilder';
import type { TFunction } from 'i18next';
import { adaptiveCard } from './adaptiveCard.ts';

export interface GraduatesStepsCardData {
  /**
   * `apply`: the application for use (manual 002 §2.1 steps 1–16); `document`: the identification document's
   * image (§2.1 steps 13–14), as points rather than steps; `password`: the first login with the initial password
   * (§2.1 steps 17–23); `studentId`: adding a student ID number (§2.3, the same menu in 001 §2.3).
   */
  journey: 'apply' | 'document' | 'password' | 'studentId';
}

/** The screens' steps, numbered (or the document's points, bulleted), from `graduates:<journey>`; no buttons. */
export function graduatesStepsCard(t: TFunction, data: GraduatesStepsCardData): Attachment {
  const key = data.journey === 'document' ? 'graduates:document.points' : `graduates:${data.journey}.steps`;
  const items = t(key, { returnObjects: true }) as unknown;
  const lines = (Array.isArray(items) ? items : []).filter((item): item is string => typeof item === 'string');
  return adaptiveCard(
    t(`graduates:${data.journey}.heading`),
    lines.map((line, index) => (data.journey === 'document' ? `- ${line}` : `${index + 1}. ${line}`)),
    [],
  );
}
