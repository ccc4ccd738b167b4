import { expect } from 'chai';
import { recognizeEmails } from '../../../services/recognition/recognizeEmails.ts';

describe('recognizeEmails', () => {
  it('finds an address inside a Japanese sentence', () => {
    expect(recognizeEmails('登録したのは taro.yamada@example-u.ac.jp です')).to.deep.equal([
      { address: 'taro.yamada@example-u.ac.jp', original: 'taro.yamada@example-u.ac.jp', hadSpaces: false, hadFullWidth: false },
    ]);
  });

  context('when the address is typed in full-width characters', () => {
    it('finds it after NFKC and says it was full-width', () => {
      const [mention] = recognizeEmails('メールはｔａｒｏ＠ｇｍａｉｌ．ｃｏｍです');
      expect(mention).to.include({ address: 'taro@gmail.com', original: 'ｔａｒｏ＠ｇｍａｉｌ．ｃｏｍ', hadFullWidth: true, hadSpaces: false });
    });

    it('flags a full-width ＠ alone', () => {
      expect(recognizeEmails('taro＠example-u.ac.jp')[0]).to.include({ address: 'taro@example-u.ac.jp', hadFullWidth: true });
    });
  });

  context('when the address has spaces inside', () => {
    for (const [typed, address] of [
      ['taro @ example-u.ac.jp', 'taro@example-u.ac.jp'],
      ['taro@ example-u.ac.jp', 'taro@example-u.ac.jp'],
      ['taro . yamada@example-u.ac.jp', 'taro.yamada@example-u.ac.jp'],
      ['taro@gmail. com', 'taro@gmail.com'],
      ['taro@docomo .ne.jp', 'taro@docomo.ne.jp'],
    ] as const) {
      it(`joins ${JSON.stringify(typed)} and reports the spaces`, () => {
        expect(recognizeEmails(typed)[0]).to.include({ address, original: typed, hadSpaces: true });
      });
    }

    it('reports an ideographic space as a space and as full-width', () => {
      expect(recognizeEmails('taro　@example-u.ac.jp')[0]).to.include({ address: 'taro@example-u.ac.jp', hadSpaces: true, hadFullWidth: true });
    });

    it('does not swallow the next sentence after a full stop', () => {
      expect(recognizeEmails('It is taro@gmail.com. Thanks').map(({ address }) => address)).to.deep.equal(['taro@gmail.com']);
    });
  });

  context('when the domain looks misspelt', () => {
    for (const [typed, suggestion] of [
      ['taro@gmial.com', 'taro@gmail.com'],
      ['taro@gmai.com', 'taro@gmail.com'],
      ['taro@gmail.con', 'taro@gmail.com'],
      ['taro@hotmial.com', 'taro@hotmail.com'],
      ['taro@yahooo.co.jp', 'taro@yahoo.co.jp'],
      ['taro@yahoo.co.jpp', 'taro@yahoo.co.jp'],
      ['taro@docomo.ne.jpp', 'taro@docomo.ne.jp'],
      ['taro@ezweb.ne.jo', 'taro@ezweb.ne.jp'],
      ['taro@icloud.co', 'taro@icloud.com'],
      ['taro@example-u.ac.jpp', 'taro@example-u.ac.jp'],
    ] as const) {
      it(`suggests ${suggestion} for ${typed}`, () => {
        expect(recognizeEmails(typed)[0]).to.include({ address: typed, suggestion });
      });
    }

    it('suggests nothing for a correct or unknown domain', () => {
      for (const address of ['taro@gmail.com', 'taro@ymail.com', 'taro@mail.com', 'taro@example-u.ac.jp', 'taro@kyoto-u.ac.jp']) {
        expect(recognizeEmails(address)[0], address).not.to.have.property('suggestion');
      }
    });

    it('trusts the tenant’s own domains', () => {
      expect(recognizeEmails('taro@gmall.com', { knownDomains: ['gmall.com'] })[0]).not.to.have.property('suggestion');
    });
  });

  context('with free-mail and carrier-mail domains', () => {
    for (const [address, provider] of [
      ['a@gmail.com', 'free'], ['a@yahoo.co.jp', 'free'], ['a@outlook.jp', 'free'], ['a@hotmail.com', 'free'], ['a@icloud.com', 'free'],
      ['a@docomo.ne.jp', 'carrier'], ['a@ezweb.ne.jp', 'carrier'], ['a@au.com', 'carrier'], ['a@softbank.ne.jp', 'carrier'], ['a@i.softbank.jp', 'carrier'],
    ] as const) {
      it(`flags ${address} as ${provider} mail`, () => {
        expect(recognizeEmails(address)[0]).to.include({ provider });
      });
    }

    it('flags the corrected domain of a typo', () => {
      expect(recognizeEmails('a@docomo.ne.jpp')[0]).to.include({ provider: 'carrier' });
    });

    it('does not flag a university address', () => {
      expect(recognizeEmails('a@example-u.ac.jp')[0]).not.to.have.property('provider');
    });
  });

  it('lower-cases the domain and keeps the local part', () => {
    expect(recognizeEmails('Taro@Example-U.AC.JP')[0]).to.include({ address: 'Taro@example-u.ac.jp' });
  });

  it('finds several addresses in order', () => {
    expect(recognizeEmails('old: a@gmail.com, new: b@ezweb.ne.jp').map(({ address }) => address)).to.deep.equal(['a@gmail.com', 'b@ezweb.ne.jp']);
  });

  it('finds nothing where there is no address', () => {
    for (const text of ['メールが届きません', 'taro@', '@gmail.com', 'taro@localhost', 's1234567']) expect(recognizeEmails(text), text).to.deep.equal([]);
  });
});
