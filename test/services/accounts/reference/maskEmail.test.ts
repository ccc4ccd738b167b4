import { expect } from 'chai';
import { maskEmail } from '../../../../services/accounts/reference/maskEmail.ts';

describe('maskEmail', () => {
  for (const [email, masked] of [
    ['taro@example-u.ac.jp', 'ta***@ex***.ac.jp'],
    ['hanako@example.com', 'ha***@ex***.com'],
    ['a@x.jp', 'a***@x***.jp'],
    ['', '***'],
  ] as const) {
    it(`shows ${masked} for "${email}"`, () => {
      expect(maskEmail(email)).to.equal(masked);
    });
  }
});
