import { expect } from 'chai';
import { formatJst, parseTemplate, placeholdersOf, renderMail } from '../../../services/mail/mailTemplates.ts';

const footer = { tenantName: 'Example University', callCenter: 'Phone 082-207-4262' };

describe('mailTemplates', () => {
  describe('renderMail', () => {
    it('fills the subject and body of the locale’s template', () => {
      const mail = renderMail('authKey', 'en', { key: '012345', expiresAt: '2026/11/22 12:34', failureLimit: '5', ...footer });
      expect(mail.subject).to.equal('[Certificate Issuance Service] Authentication key');
      expect(mail.text).to.include('Authentication key : 012345\nDate of Expiry : 2026/11/22 12:34 (Japan time)');
      expect(mail.text).to.include('Example University').and.to.include('082-207-4262');
      expect(mail.text).not.to.match(/\{\{/);
    });

    it('renders Japanese templates for ja', () => {
      const mail = renderMail('authKey', 'ja', { key: '012345', expiresAt: '2026/11/22 12:34', failureLimit: '5', ...footer });
      expect(mail.subject).to.equal('【証明書発行サービス】認証キーのお知らせ');
      expect(mail.text).to.include('認証キー：012345');
    });

    it('throws when a placeholder has no value', () => {
      expect(() => renderMail('authKey', 'en', { key: '012345', ...footer })).to.throw(/expiresAt/);
    });

    it('keeps a value with a line break from adding a line to the subject', () => {
      const params = { event: 'x\nBcc: evil@example.com', actor: 'a', when: 'w', ...footer };
      expect(renderMail('securityNotice', 'en', params).subject).not.to.include('\n');
    });
  });

  describe('parseTemplate', () => {
    it('needs a Subject line first', () => {
      expect(() => parseTemplate('Hello\n\nbody', 'x.txt')).to.throw(/Subject/);
      expect(parseTemplate('Subject: Hi {{name}}\n\nBody {{url}}\n', 'x.txt')).to.deep.equal({ subject: 'Hi {{name}}', body: 'Body {{url}}\n' });
    });

    it('lists placeholders once each, sorted', () => {
      expect(placeholdersOf('{{b}} {{a}} {{ b }}')).to.deep.equal(['a', 'b']);
    });
  });

  describe('formatJst', () => {
    it('shows Japan time as YYYY/MM/DD HH:MM, across the date line', () => {
      expect(formatJst(new Date('2026-11-22T03:34:00Z'))).to.equal('2026/11/22 12:34');
      expect(formatJst(new Date('2026-12-31T15:05:59Z'))).to.equal('2027/01/01 00:05');
    });
  });
});
