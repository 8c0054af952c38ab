import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { testDatabaseUrl } from '@yiwang/testing';
import { haversineMeters, mulberry32 } from '../../src/geometry/index.js';
import type { CoverageBuilding } from '../../src/sites/coverage.repository.js';
import { computeCoverage } from '../../src/sites/coverage.service.js';
import type { SitePoint } from '../../src/sites/service-site.repository.js';
import { pathOfCode } from '../../src/units/unit-levels.js';
import { as, startSites, user, type SitesFixture } from './sites-fixture.js';

const execFileAsync = promisify(execFile);
const BUILDINGS = 50_000;
const SITES = 500;
/** A 40 km × 40 km district around Guangzhou's latitude: about 60% of buildings within 1 km of a site. */
const SOUTH = 22.9;
const WEST = 113.1;
const SPAN_LAT = 0.36;
const SPAN_LNG = 0.39;

/**
 * The service circle at district scale: 50,000 buildings, 500 sites, about 200,000 households. The grid
 * index must agree with a brute-force haversine scan and stay well under a second.
 */
describe('15-minute service circle at district scale', () => {
  let f: SitesFixture;
  let communities: { code: string; name: string }[];
  let buildings: CoverageBuilding[];
  let sites: SitePoint[];

  beforeAll(async () => {
    f = await startSites(14, { circleMeters: '1000' });
    const random = mulberry32(20250602);
    communities = [];
    for (const street of [f.street, f.street2]) {
      for (let n = 3; n <= 99; n++)
        communities.push({ code: `${street}${String(n).padStart(3, '0')}`, name: `规模社区${n}` });
    }
    await f.dataSource.query(
      `INSERT INTO units (code, name, level, kind, parent_code, path)
       SELECT c, n, 'community', 'community', left(c, 9), $3 || '.' || left(c, 9) || '.' || c
       FROM unnest($1::varchar[], $2::text[]) AS t(c, n)`,
      [communities.map((c) => c.code), communities.map((c) => c.name), pathOfCode(f.district)],
    );
    buildings = Array.from({ length: BUILDINGS }, (_, i) => ({
      id: randomUUID(),
      name: `${i}号楼`,
      communityCode: communities[i % communities.length].code,
      lat: SOUTH + random() * SPAN_LAT,
      lng: WEST + random() * SPAN_LNG,
      households: 1 + Math.floor(random() * 7),
    }));
    sites = Array.from({ length: SITES }, (_, i) => ({
      id: randomUUID(),
      name: `规模站${i}`,
      lat: SOUTH + random() * SPAN_LAT,
      lng: WEST + random() * SPAN_LNG,
    }));
    await f.dataSource.query(
      `INSERT INTO buildings (id, name, community_code, path, lat, lng)
       SELECT id, name, c, $4 || '.' || left(c, 9) || '.' || c, lat, lng
       FROM unnest($1::uuid[], $2::text[], $3::varchar[], $5::float8[], $6::float8[]) AS t(id, name, c, lat, lng)`,
      [
        buildings.map((b) => b.id),
        buildings.map((b) => b.name),
        buildings.map((b) => b.communityCode),
        pathOfCode(f.district),
        buildings.map((b) => b.lat),
        buildings.map((b) => b.lng),
      ],
    );
    await f.dataSource.query(
      `INSERT INTO households (id, household_no, building_id, address, path)
       SELECT gen_random_uuid(), 'L' || b.id || '-' || k, b.id, '规模地址', b.path
       FROM buildings b JOIN unnest($1::uuid[], $2::int[]) AS t(id, n) ON t.id = b.id,
            generate_series(1, t.n) AS k`,
      [buildings.map((b) => b.id), buildings.map((b) => b.households)],
    );
    await f.dataSource.query(
      `INSERT INTO service_sites (id, name, kind, unit_code, path, lat, lng)
       SELECT id, name, 'station', $3, $4, lat, lng
       FROM unnest($1::uuid[], $2::text[], $5::float8[], $6::float8[]) AS t(id, name, lat, lng)`,
      [
        sites.map((s) => s.id),
        sites.map((s) => s.name),
        communities[0].code,
        pathOfCode(communities[0].code),
        sites.map((s) => s.lat),
        sites.map((s) => s.lng),
      ],
    );
    await f.dataSource.query(`ANALYZE buildings; ANALYZE households`);
  }, 180_000);

  afterAll(async () => {
    await f?.close();
  });

  it('agrees with a brute-force haversine scan', () => {
    // Every 25th building against all 500 sites (brute force is what the index exists to avoid).
    const sample = buildings.filter((_, i) => i % 25 === 0);
    const nearest = sample.map((b) => {
      let meters = Infinity;
      let id = '';
      for (const s of sites) {
        const d = haversineMeters([b.lng, b.lat], [s.lng, s.lat]);
        if (d < meters) [meters, id] = [d, s.id];
      }
      return { id, meters };
    });
    for (const radius of [50, 1000, 5000]) {
      const result = computeCoverage(communities, buildings, new Map(), sites, radius, BUILDINGS);
      expect(result.total.buildings).toBe(BUILDINGS);
      const uncovered = new Map(result.uncovered.map((u) => [u.id, u]));
      let mismatches = 0;
      sample.forEach((b, i) => {
        const best = nearest[i];
        const found = uncovered.get(b.id);
        if (best.meters <= radius) {
          if (found) mismatches += 1;
        } else if (found?.nearestSite?.id !== best.id || found.nearestSite.meters !== best.meters) {
          mismatches += 1;
        }
      });
      expect({ radius, mismatches }).toEqual({ radius, mismatches: 0 });
      const covered = result.communities.reduce((sum, c) => sum + c.householdsCovered, 0);
      expect(result.total.householdsCovered).toBe(covered);
      expect(
        result.total.householdsCovered + result.uncovered.reduce((sum, u) => sum + u.households, 0),
      ).toBe(result.total.households);
    }
  });

  it('serves the district through the service, every building and household counted', async () => {
    const report = await as(user(f.district, []), () => f.coverage.coverage(f.district));
    expect(report.sitesConsidered).toBe(SITES);
    expect(report.total.buildings).toBe(BUILDINGS);
    expect(report.total.households).toBe(buildings.reduce((sum, b) => sum + b.households, 0));
    expect(report.total.share).toBeGreaterThan(0.4);
    expect(report.total.share).toBeLessThan(0.9);
    expect(report.uncovered).toHaveLength(1000);
    expect(report.uncoveredTotal).toBeGreaterThan(1000);
    const meters = report.uncovered.map((u) => u.nearestSite!.meters);
    expect(meters).toEqual([...meters].sort((a, b) => b - a));
  });

  // How fast is for the bench, not for a test on a shared machine: this runs the built code in plain Node
  // and checks its answer; the figures it prints are for reading.
  it('computes a 50,000-building district in a plain service process', async () => {
    // Jest's vm contexts slow numeric code down; the timing runs the built code in plain Node.
    const { stdout } = await execFileAsync(
      process.execPath,
      [
        fileURLToPath(new URL('./coverage-timing.mjs', import.meta.url)),
        JSON.stringify({ databaseUrl: testDatabaseUrl(), districtCode: f.district }),
      ],
      { timeout: 120_000 },
    );
    const timing = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      compute: Record<'r1000' | 'r50', { coldMs: number; medianMs: number }>;
      service: { coldMs: number; medianMs: number; buildings: number };
    };
    const ms = (t: { coldMs: number; medianMs: number }) =>
      `${t.medianMs.toFixed(0)} ms (cold ${t.coldMs.toFixed(0)} ms)`;
    console.log(
      `service circle, ${BUILDINGS} buildings / ${SITES} sites: compute r=1000 ${ms(timing.compute.r1000)}, ` +
        `r=50 ${ms(timing.compute.r50)}; CoverageService end to end with PostgreSQL ${ms(timing.service)}`,
    );
    expect(timing.service.buildings).toBe(BUILDINGS);
  });
});
