import {
  escapeLike,
  isUnrestricted,
  pathWithin,
  pathWithinSql,
  scopeOf,
  segmentsWithin,
  serviceIdentity,
  type Identity,
} from '@yiwang/platform';

const person = (roles: string[], scopePath: string | null, kind: Identity['kind'] = 'user'): Identity => ({
  subject: 'u',
  roles,
  permissions: [],
  scopePath,
  department: null,
  kind,
});

const DISTRICT = '44.4401.440106';
const STREET = '44.4401.440106.440106001';

/** The one access rule every service asks: who sees the whole tree, and what lies inside a subtree. */
describe('data scope', () => {
  it('lets a service and a city admin without a unit see the whole tree', () => {
    expect(isUnrestricted(serviceIdentity('case'))).toBe(true);
    expect(scopeOf(serviceIdentity('case'))).toBeNull();
    expect(isUnrestricted(person(['city_admin'], null))).toBe(true);
    expect(scopeOf(person(['city_admin'], null))).toBeNull();
  });

  it('holds a city admin with a unit, and a district admin, to their subtree', () => {
    expect(isUnrestricted(person(['city_admin'], '44.4401'))).toBe(false);
    expect(scopeOf(person(['city_admin'], '44.4401'))).toBe('44.4401');
    expect(isUnrestricted(person(['district_admin'], DISTRICT))).toBe(false);
    expect(scopeOf(person(['district_admin'], DISTRICT))).toBe(DISTRICT);
  });

  it('refuses anyone else without a unit (deny by default), a departmental client included', () => {
    for (const identity of [person(['district_admin'], null), person(['handler'], null, 'client')]) {
      expect(isUnrestricted(identity)).toBe(false);
      expect(() => scopeOf(identity)).toThrow(
        expect.objectContaining({ code: 'auth.no_scope', kind: 'forbidden' }),
      );
    }
  });

  it('matches a path by whole segments: the root and what lies below, never a sibling sharing a prefix', () => {
    expect(pathWithin(DISTRICT, DISTRICT)).toBe(true);
    expect(pathWithin(`${STREET}.4401060010`, STREET)).toBe(true);
    expect(pathWithin(STREET, DISTRICT)).toBe(true);
    expect(pathWithin(DISTRICT, STREET)).toBe(false);
    expect(pathWithin('44.4401.440106.4401060011', '44.4401.440106.440106001')).toBe(false);
    expect(pathWithin('44.4401.4401061', DISTRICT)).toBe(false);
    expect(pathWithin('45.4501', null)).toBe(true);
    expect(segmentsWithin(['44', '4401', '440106', '440106001'], DISTRICT)).toBe(true);
    expect(segmentsWithin(['44', '4401', '440106', '4401060011'], STREET)).toBe(false);
  });

  it('builds the SQL condition with both bounds as parameters and LIKE wildcards escaped', () => {
    const condition = pathWithinSql('b.path', STREET);
    expect(condition.text).toBe('(b.path = $1 OR b.path LIKE $2)');
    expect(condition.values).toEqual([STREET, `${STREET}.%`]);
    expect(pathWithinSql('path', null).text).toBe('TRUE');
    expect(escapeLike('a_b%c\\d')).toBe('a\\_b\\%c\\\\d');
    expect(pathWithinSql('path', '44_1').values).toEqual(['44_1', '44\\_1.%']);
  });
});
