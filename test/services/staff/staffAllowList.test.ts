import { expect } from 'chai';
import { AllowListError, StaffAllowList, parseAllowList } from '../../../services/staff/staffAllowList.ts';
import { loadConfig } from '../../../bot/config.ts';

const T = '11111111-2222-3333-4444-555555555555';
const O = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

describe('parseAllowList', () => {
  it('reads the compact form', () => {
    expect(parseAllowList(` ${T}:${O}=supervisor `)).to.deep.equal([{ tenantId: T, objectId: O, role: 'supervisor', id: `aad:${O}` }]);
  });

  it('reads JSON with a staff id for the audit', () => {
    const list = parseAllowList(JSON.stringify([{ tenantId: T.toUpperCase(), objectId: O, role: 'agent', id: 'sato' }]));
    expect(list).to.deep.equal([{ tenantId: T, objectId: O, role: 'agent', id: 'sato' }]);
  });

  it('is empty when unset', () => {
    expect(parseAllowList(undefined)).to.deep.equal([]);
    expect(parseAllowList('  ')).to.deep.equal([]);
  });

  for (const [name, value] of [
    ['an unknown role', `${T}:${O}=admin`],
    ['a tenant that is not a GUID', `example:${O}=agent`],
    ['a missing role', `${T}:${O}`],
    ['a duplicate', `${T}:${O}=agent,${T}:${O}=supervisor`],
    ['broken JSON', '[{"tenantId":'],
    ['an unknown JSON field', JSON.stringify([{ tenantId: T, objectId: O, role: 'agent', admin: true }])],
  ] as const) {
    it(`refuses ${name}`, () => {
      expect(() => parseAllowList(value)).to.throw(AllowListError);
    });
  }

  it('stops start-up with the variable named', () => {
    expect(() => loadConfig({ STAFF_ENTRA_ALLOWLIST: `${T}:${O}=admin` })).to.throw(/STAFF_ENTRA_ALLOWLIST/);
    expect(loadConfig({ STAFF_ENTRA_ALLOWLIST: `${T}:${O}=agent` }).STAFF_ENTRA_ALLOWLIST).to.equal(`${T}:${O}=agent`);
  });
});

describe('StaffAllowList', () => {
  it('finds by tenant and object id, case-insensitively, and nothing for missing ids', () => {
    const list = new StaffAllowList(parseAllowList(`${T}:${O}=agent`));
    expect(list.find(T.toUpperCase(), O)?.role).to.equal('agent');
    expect(list.find(undefined, O)).to.equal(undefined);
    expect(list.find(T, undefined)).to.equal(undefined);
  });
});
