import { expect } from 'chai';
import { suggestDomain } from '../../../services/recognition/suggestDomain.ts';

describe('suggestDomain', () => {
  it('allows one slip in a short domain and two in a longer one', () => {
    expect(suggestDomain('ai.com')).to.equal('au.com');
    expect(suggestDomain('xy.com')).to.equal(undefined);
    expect(suggestDomain('gmaill.co')).to.equal('gmail.com');
  });

  it('fixes a misspelt ending of any domain', () => {
    expect(suggestDomain('example-u.ac.jpp')).to.equal('example-u.ac.jp');
    expect(suggestDomain('example.con')).to.equal('example.com');
  });

  it('is case-insensitive', () => {
    expect(suggestDomain('GMIAL.COM')).to.equal('gmail.com');
  });
});
