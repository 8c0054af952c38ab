import { PERMISSIONS } from '../../src/scope/data-scope.js';
import type { CoverageReport } from '../../src/sites/coverage.service.js';
import {
  addBuilding,
  addHousehold,
  as,
  domainError,
  north,
  startSites,
  user,
  type SitesFixture,
} from './sites-fixture.js';

/**
 * The 15-minute service circle on a fixture small enough to compute by hand. Everything lies on one
 * meridian, where the great-circle distance is exactly R·Δlat:
 *
 *   A2 (甲, 2 households)   1500 m north of S1
 *   A3 (甲, 0 households)    900 m north
 *   A1 (甲, 3 households)    500 m north
 *   S1 station of 甲          0
 *   B1 (乙, 4 households)    700 m south
 *   B2 (乙, 1 household)    3000 m south   ← also where the neighbouring district's site X stands
 *   S2 centre of the street 5000 m south   (2000 m from B2)
 *
 * plus one household of 甲 registered without a building, and 丙 (another street) with nothing.
 */
describe('15-minute service circle', () => {
  let f: SitesFixture;
  const origin = { lat: 23.0, lng: 113.0 };
  const ids: Record<string, string> = {};
  const admin = () => user(f.district, [PERMISSIONS.write]);

  beforeAll(async () => {
    f = await startSites(12);
    const s1 = await as(admin(), () =>
      f.sites.create({ name: 'S1', kind: 'station', unitCode: f.communityA, ...origin }),
    );
    const s2 = await as(admin(), () =>
      f.sites.create({ name: 'S2', kind: 'center', unitCode: f.street, ...north(origin, -5000) }),
    );
    await as(user(null, [PERMISSIONS.write]), () =>
      f.sites.create({ name: 'X', kind: 'station', unitCode: f.otherCommunity, ...north(origin, -3000) }),
    );
    Object.assign(ids, { s1: s1.id, s2: s2.id });
    ids.a1 = await addBuilding(f.dataSource, f.communityA, 'A1', north(origin, 500), 3);
    ids.a2 = await addBuilding(f.dataSource, f.communityA, 'A2', north(origin, 1500), 2);
    ids.a3 = await addBuilding(f.dataSource, f.communityA, 'A3', north(origin, 900), 0);
    ids.b1 = await addBuilding(f.dataSource, f.communityB, 'B1', north(origin, -700), 4);
    ids.b2 = await addBuilding(f.dataSource, f.communityB, 'B2', north(origin, -3000), 1);
    await addBuilding(f.dataSource, f.otherCommunity, 'X1', north(origin, -3000), 7);
    await addHousehold(f.dataSource, f.communityA, null);
  });

  afterAll(async () => {
    await f?.close();
  });

  const community = (report: CoverageReport, code: string) => {
    const found = report.communities.find((c) => c.communityCode === code);
    if (!found) throw new Error(`no community ${code} in the report`);
    return found;
  };
  const uncovered = (report: CoverageReport) =>
    report.uncovered.map((b) => [b.name, b.nearestSite?.name, b.nearestSite?.meters]);

  it('gives exact shares per community at the configured radius, counting sites across borders', async () => {
    const report = await as(admin(), () => f.coverage.coverage(f.district));
    expect(report).toMatchObject({
      unitCode: f.district,
      level: 'district',
      radiusMeters: 800,
      sitesConsidered: 2,
    });
    expect(report.communities.map((c) => c.communityCode)).toEqual([
      f.communityA,
      f.communityB,
      f.communityC,
    ]);
    expect(community(report, f.communityA)).toEqual({
      communityCode: f.communityA,
      communityName: '甲社区',
      buildings: 3,
      buildingsCovered: 1,
      households: 5,
      householdsCovered: 3,
      share: 0.6,
      householdsUnlocated: 1,
    });
    // B1 is covered by 甲's station: people cross community borders.
    expect(community(report, f.communityB)).toMatchObject({
      buildings: 2,
      buildingsCovered: 1,
      households: 5,
      householdsCovered: 4,
      share: 0.8,
      householdsUnlocated: 0,
    });
    expect(community(report, f.communityC)).toMatchObject({ buildings: 0, households: 0, share: 0 });
    expect(report.total).toEqual({
      buildings: 5,
      buildingsCovered: 2,
      households: 10,
      householdsCovered: 7,
      share: 0.7,
      householdsUnlocated: 1,
    });
    // Farthest first; B2's nearest site is the street's centre, not the neighbouring district's X.
    expect(report.uncoveredTotal).toBe(3);
    expect(report.uncovered.map((b) => [b.id, b.communityCode, b.households, b.nearestSite?.id])).toEqual([
      [ids.b2, f.communityB, 1, ids.s2],
      [ids.a2, f.communityA, 2, ids.s1],
      [ids.a3, f.communityA, 0, ids.s1],
    ]);
    const expected = [2000, 1500, 900];
    report.uncovered.forEach((b, i) => expect(Math.abs(b.nearestSite!.meters - expected[i])).toBeLessThan(1));
  });

  it('takes a radius override from 50 to 5000 m', async () => {
    const wider = await as(admin(), () => f.coverage.coverage(f.district, { radiusMeters: 1600 }));
    expect(wider.radiusMeters).toBe(1600);
    expect(community(wider, f.communityA)).toMatchObject({
      householdsCovered: 5,
      share: 1,
      buildingsCovered: 3,
    });
    expect(community(wider, f.communityB)).toMatchObject({ householdsCovered: 4, share: 0.8 });
    expect(uncovered(wider).map(([name]) => name)).toEqual(['B2']);

    const narrowest = await as(admin(), () => f.coverage.coverage(f.district, { radiusMeters: 50 }));
    expect(narrowest.total).toMatchObject({ householdsCovered: 0, share: 0, buildingsCovered: 0 });
    expect(uncovered(narrowest).map(([name, site]) => `${name}→${site}`)).toEqual([
      'B2→S2',
      'A2→S1',
      'A3→S1',
      'B1→S1',
      'A1→S1',
    ]);
    const [, , , b1, a1] = narrowest.uncovered;
    expect(Math.abs(b1.nearestSite!.meters - 700)).toBeLessThan(1);
    expect(Math.abs(a1.nearestSite!.meters - 500)).toBeLessThan(1);

    const widest = await as(admin(), () => f.coverage.coverage(f.district, { radiusMeters: 5000 }));
    expect(widest.total).toMatchObject({ households: 10, householdsCovered: 10, share: 1 });
    expect(widest.uncovered).toEqual([]);

    for (const radiusMeters of [49, 5001, 0, -100, 800.5]) {
      const error = await domainError(as(admin(), () => f.coverage.coverage(f.district, { radiusMeters })));
      expect(error).toMatchObject({ kind: 'invalid', code: 'registry.invalid_radius' });
    }
  });

  it('covers a street or a community with the sites of the whole district', async () => {
    const street = await as(admin(), () => f.coverage.coverage(f.street));
    expect(street.communities.map((c) => c.communityCode)).toEqual([f.communityA, f.communityB]);
    expect(street.total).toMatchObject({ households: 10, householdsCovered: 7 });

    // A 乙 clerk sees only 乙, yet 甲's station (outside the clerk's scope) covers B1.
    const own = await as(user(f.communityB, []), () => f.coverage.coverage(f.communityB));
    expect(own.sitesConsidered).toBe(2);
    expect(own.communities.map((c) => c.communityCode)).toEqual([f.communityB]);
    expect(own.total).toMatchObject({ households: 5, householdsCovered: 4, share: 0.8 });
    expect(uncovered(own).map(([name, site]) => `${name}→${site}`)).toEqual(['B2→S2']);
  });

  it('does not disclose units outside the scope', async () => {
    for (const [scope, unit] of [
      [() => f.communityA, () => f.street],
      [() => f.communityA, () => f.communityB],
      [() => f.street, () => f.district],
      [() => f.district, () => f.otherDistrict],
      [() => f.district, () => '990799999'],
    ] as const) {
      const error = await domainError(as(user(scope(), []), () => f.coverage.coverage(unit())));
      expect(error).toMatchObject({ kind: 'not_found', code: 'registry.unit_not_found' });
    }
    expect((await domainError(f.coverage.coverage(f.district))).kind).toBe('unauthenticated');
  });

  it('refuses units above a district and bad list sizes, and caps the uncovered list', async () => {
    const city = await domainError(as(user(null, []), () => f.coverage.coverage('9907')));
    expect(city).toMatchObject({ kind: 'invalid', code: 'registry.coverage_level' });
    for (const uncoveredLimit of [0, 10_001]) {
      const error = await domainError(as(admin(), () => f.coverage.coverage(f.district, { uncoveredLimit })));
      expect(error.kind).toBe('invalid');
    }
    const capped = await as(admin(), () => f.coverage.coverage(f.district, { uncoveredLimit: 1 }));
    expect(capped.uncoveredTotal).toBe(3);
    expect(uncovered(capped).map(([name]) => name)).toEqual(['B2']);
  });

  it('reports every building as uncovered, without a nearest site, where a district has none', async () => {
    const report = await as(user(null, []), () => f.coverage.coverage(f.otherDistrict, { radiusMeters: 50 }));
    expect(report.sitesConsidered).toBe(1);
    expect(report.total).toMatchObject({ households: 7, householdsCovered: 7 });
    await f.dataSource.query(`DELETE FROM service_sites WHERE unit_code = $1`, [f.otherCommunity]);
    const bare = await as(user(null, []), () => f.coverage.coverage(f.otherDistrict));
    expect(bare.sitesConsidered).toBe(0);
    expect(bare.total).toMatchObject({ households: 7, householdsCovered: 0, share: 0 });
    expect(bare.uncovered).toEqual([
      expect.objectContaining({ name: 'X1', households: 7, nearestSite: null }),
    ]);
  });
});
