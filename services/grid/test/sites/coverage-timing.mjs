// Times the 15-minute service circle outside Jest. Jest runs tests in `vm` contexts, where every global
// lookup (Math.sin …) is an order of magnitude slower than in a service process, so timings taken there
// say nothing about production. This script runs the built service code (`npm test` builds first) in a
// plain Node process and prints one JSON line:
//   compute: the in-memory part on 50,000 synthetic buildings and 500 sites (cold, then median of 5);
//   service: CoverageService.coverage() end to end on the district the calling spec seeded, through a
//            real TypeORM DataSource (cold, then median of 3).
// Usage: node coverage-timing.mjs '{"databaseUrl": "...", "districtCode": "990714"}'
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createDataSource, IdentityContext } from '@yiwang/platform';

const dist = join(dirname(fileURLToPath(import.meta.url)), '../../dist');
const load = (path) => import(pathToFileURL(join(dist, path)).href);
const { CoverageService, computeCoverage } = await load('sites/coverage.service.js');
const { CoverageRepository } = await load('sites/coverage.repository.js');
const { ServiceSiteRepository } = await load('sites/service-site.repository.js');
const { UnitRepository } = await load('units/unit.repository.js');
const { gridEntities } = await load('database/entities.js');
const { mulberry32 } = await load('geometry/index.js');

const { databaseUrl, districtCode } = JSON.parse(process.argv[2]);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timed(runs, work) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return { coldMs: times[0], medianMs: median(times.slice(1)) };
}

const random = mulberry32(7);
const point = () => ({ lat: 22.9 + random() * 0.36, lng: 113.1 + random() * 0.39 });
const communities = Array.from({ length: 200 }, (_, i) => ({
  code: String(990000000000 + i),
  name: `c${i}`,
}));
const buildings = Array.from({ length: 50_000 }, (_, i) => ({
  id: randomUUID(),
  name: `${i}`,
  communityCode: communities[i % communities.length].code,
  households: 1 + Math.floor(random() * 7),
  ...point(),
}));
const sites = Array.from({ length: 500 }, (_, i) => ({ id: randomUUID(), name: `s${i}`, ...point() }));
const compute = {};
for (const radius of [1000, 50]) {
  compute[`r${radius}`] = await timed(6, () =>
    computeCoverage(communities, buildings, new Map(), sites, radius, 1000),
  );
}

const dataSource = await createDataSource({
  url: databaseUrl,
  schema: 'grid',
  entities: gridEntities,
  migrations: [],
  poolSize: 4,
  applicationName: 'coverage-timing',
}).initialize();
let service;
try {
  const coverage = new CoverageService(
    { SERVICE_CIRCLE_METERS: 1000 },
    new UnitRepository(dataSource),
    new ServiceSiteRepository(dataSource),
    new CoverageRepository(dataSource),
  );
  const identity = {
    subject: 'timing',
    roles: ['city_admin'],
    permissions: [],
    scopePath: null,
    department: null,
    kind: 'user',
  };
  let buildingsSeen = 0;
  service = await timed(4, async () => {
    const report = await IdentityContext.run(identity, () => coverage.coverage(districtCode));
    buildingsSeen = report.total.buildings;
  });
  service.buildings = buildingsSeen;
} finally {
  await dataSource.destroy();
}
console.log(JSON.stringify({ compute, service }));
