import { expect } from 'chai';
import { isLocalRequest, isLoopbackAddress } from '../../../bot/directLine/isLoopback.ts';

describe('isLoopback', () => {
  describe('isLoopbackAddress', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) {
      it(`takes ${address} as this machine`, () => {
        expect(isLoopbackAddress(address)).to.equal(true);
      });
    }
    for (const address of [undefined, '', '10.0.0.1', '128.0.0.1', '::2', '1::1', '::ffff:10.0.0.1', 'localhost', '127.0.0.1.evil']) {
      it(`takes ${JSON.stringify(address)} as another machine`, () => {
        expect(isLoopbackAddress(address)).to.equal(false);
      });
    }
  });

  describe('isLocalRequest', () => {
    it('lets a direct loopback request through', () => {
      expect(isLocalRequest({ socket: { remoteAddress: '127.0.0.1' }, headers: {} })).to.equal(true);
    });

    it('refuses a remote address', () => {
      expect(isLocalRequest({ socket: { remoteAddress: '192.0.2.10' }, headers: {} })).to.equal(false);
    });

    for (const header of ['x-forwarded-for', 'forwarded']) {
      it(`refuses a loopback request carrying ${header} (relayed by a local proxy)`, () => {
        expect(isLocalRequest({ socket: { remoteAddress: '127.0.0.1' }, headers: { [header]: '203.0.113.7' } })).to.equal(false);
      });
    }
  });
});
