import type { TFunction } from 'i18next';
import { needsCorrection } from '../../services/recognition/checkEmailAddress.ts';
import type { AddressCheck, AddressFinding } from '../../services/recognition/checkEmailAddress.ts';

export interface AddressReport {
  text: string;
  /** Something should be corrected before the address is entered (a typo, spaces, full-width characters). */
  correctable: boolean;
}

/**
 * What the check found, one line per finding in the checklist's order (manual 003 §2.1: typed correctly, no extra
 * spaces, half-width only), then free or carrier mail, then the sender address to allow-list beforehand (the screen's
 * Notes). `offerAgain`: end with "type the corrected address to check it again" when there is something to correct.
 */
export function addressReport(t: TFunction, check: Extract<AddressCheck, { outcome: 'checked' }>, sender: string, offerAgain: boolean): AddressReport {
  const correctable = check.findings.some(needsCorrection);
  // With a domain typo, "enter it as <address>" would repeat the typo: the typo line gives the corrected address instead.
  const typo = check.findings.some((finding) => finding.kind === 'domainTypo');
  const lines = check.findings.length === 0 ? [t('registration:check.ok', { address: check.address })] : check.findings.map((finding) => line(t, finding, check.address, typo));
  lines.push(t('registration:check.allowList', { sender }));
  if (correctable && offerAgain) lines.push(t('registration:check.again'));
  return { text: lines.join('\n\n'), correctable };
}

function line(t: TFunction, finding: AddressFinding, address: string, typo: boolean): string {
  const form = typo ? 'alone' : 'withAddress';
  switch (finding.kind) {
    case 'domainTypo':
      return t('registration:check.typo', { domain: finding.domain, suggestedDomain: finding.suggestedDomain, suggestion: finding.suggestion });
    case 'spaces':
      return t(`registration:check.spaces.${form}`, { address });
    case 'fullWidth':
      return t(`registration:check.fullWidth.${form}`, { address });
    case 'provider':
      return t(`registration:check.${finding.provider}`, { domain: finding.domain });
  }
}
