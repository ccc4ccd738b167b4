import { expect } from 'chai';
import { mailProviderKind } from '../../../services/recognition/emailDomains.ts';

describe('mailProviderKind', () => {
  it('tells free mail, carrier mail and anything else apart, in any case', () => {
    expect(mailProviderKind('GMAIL.com')).to.equal('free');
    expect(mailProviderKind('docomo.ne.jp')).to.equal('carrier');
    expect(mailProviderKind('example-u.ac.jp')).to.equal(undefined);
  });
});
