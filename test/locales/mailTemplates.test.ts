import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { localesDir } from '../../services/i18n/i18n.ts';
import { parseTemplate, placeholdersOf } from '../../services/mail/mailTemplates.ts';

const mailDir = (locale: string): string => path.join(localesDir, locale, 'mail');
const files = (locale: string): string[] => readdirSync(mailDir(locale)).filter((file) => file.endsWith('.txt')).sort();
const read = (locale: string, file: string) => parseTemplate(readFileSync(path.join(mailDir(locale), file), 'utf8'), `${locale}/${file}`);

describe('mail templates (locales/<lang>/mail/*.txt)', () => {
  it('are the same files in ja and en', () => {
    expect(files('en')).to.deep.equal(files('ja'));
    expect(files('ja')).to.include.members(['emailConfirmation.txt', 'secondPasswordReset.txt', 'graduatePasswordReset.txt', 'authKey.txt', 'securityNotice.txt']);
  });

  for (const file of files('ja')) {
    describe(file, () => {
      const ja = read('ja', file);
      const en = read('en', file);

      it('start with a Subject line and have a body', () => {
        for (const template of [ja, en]) {
          expect(template.subject).to.not.equal('');
          expect(template.body.trim()).to.not.equal('');
        }
      });

      it('use the same placeholders in ja and en', () => {
        expect(placeholdersOf(`${en.subject}\n${en.body}`)).to.deep.equal(placeholders(ja));
      });

      it('end with the inquiry footer: tenant name and call center', () => {
        for (const template of [ja, en]) expect(placeholdersOf(template.body)).to.include.members(['tenantName', 'callCenter']);
      });
    });
  }

  it('show one-time URLs with their due date, as the manuals\' mails do', () => {
    for (const file of ['emailConfirmation.txt', 'secondPasswordReset.txt', 'graduatePasswordReset.txt']) {
      for (const locale of ['ja', 'en']) expect(placeholders(read(locale, file)), `${locale}/${file}`).to.include.members(['url', 'minutes', 'expiresAt']);
    }
  });
});

function placeholders(template: { subject: string; body: string }): string[] {
  return placeholdersOf(`${template.subject}\n${template.body}`);
}
