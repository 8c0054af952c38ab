import { protoFiles, type gridV1, type locationV1, type unitsV1 } from '@yiwang/contracts';
import { DomainError, GrpcClient, IdentityContext, type Identity } from '@yiwang/platform';
import { freePort } from '@yiwang/testing';
import type { DataSource } from 'typeorm';
import { GridsModule } from '../../src/grids/grids.module.js';
import { LocationIndexService } from '../../src/location/location-index.service.js';
import { PERMISSIONS } from '../../src/scope/data-scope.js';
import { pathOfCode } from '../../src/units/unit-levels.js';
import {
  openRegistryDatabase,
  seedUnits,
  startRegistryApp,
  type RegistryTestApp,
} from '../support/registry-app.js';

type Ring = [number, number][];
const polygon = (ring: Ring) => JSON.stringify({ type: 'Polygon', coordinates: [ring] });
/** A counterclockwise closed rectangle. */
const box = (w: number, s: number, e: number, n: number): Ring => [
  [w, s],
  [e, s],
  [e, n],
  [w, n],
  [w, s],
];

/**
 * GridService, UnitService and LocationService over real gRPC on real PostgreSQL, in a private corner of
 * the tree (district 9909NN, which no real division uses) drawn far from every other test's geometry:
 * grids drawn, refused with the reason, read, listed, staffed, split with history; units, departments and
 * case figures; points resolved to grids, one at a time and in batches; scope held throughout.
 */
describe('GridService, UnitService and LocationService over gRPC', () => {
  const district = `9909${String(10 + Math.floor(Math.random() * 90))}`;
  const street = `${district}001`;
  const otherStreet = `${district}002`;
  const community = `${street}001`;
  const otherCommunity = `${otherStreet}001`;
  // The community: 87.60–87.64 E, 43.80–43.82 N.
  const W = 87.6;
  const S = 43.8;
  let dataSource: DataSource;
  let app: RegistryTestApp;
  let grids: GrpcClient<gridV1.GridServiceClient>;
  let units: GrpcClient<unitsV1.UnitServiceClient>;
  let location: GrpcClient<locationV1.LocationServiceClient>;

  const person = (scopeCode: string, permissions: string[]): Identity => ({
    subject: `user-${Math.random().toString(36).slice(2, 10)}`,
    roles: ['street_dispatcher'],
    permissions,
    scopePath: pathOfCode(scopeCode),
    department: null,
    kind: 'user',
  });
  const clerk = () => person(street, [PERMISSIONS.write]);
  const outsider = () => person(otherStreet, [PERMISSIONS.write]);
  const as = <T>(identity: Identity, work: () => Promise<T>) => IdentityContext.run(identity, work);
  const failure = async (work: Promise<unknown>): Promise<DomainError> => {
    try {
      await work;
    } catch (error) {
      if (error instanceof DomainError) return error;
      throw error;
    }
    throw new Error('expected the call to fail');
  };
  const newGrid = (suffix: string, ring: Ring, type = 'routine') => ({
    code: `${community}-${suffix}`,
    name: `网格${suffix}`,
    type,
    boundaryGeojson: polygon(ring),
  });

  beforeAll(async () => {
    dataSource = await openRegistryDatabase('grids-test');
    await seedUnits(dataSource, [
      ['99', '测试省'],
      ['9909', '网格市'],
      [district, '网格区'],
      [street, '甲街道'],
      [otherStreet, '乙街道'],
      [community, '甲社区', { type: 'Polygon', coordinates: [box(W, S, W + 0.04, S + 0.02)] }],
      [otherCommunity, '乙社区'],
    ]);
    await dataSource.query(
      `INSERT INTO departments (code, name, kind, level, unit_code, unit_path, categories)
       VALUES ($1, '测试城管局', 'urban_management', 'district', $2, $3, '{street_light,illegal_parking}')
       ON CONFLICT (code) DO NOTHING`,
      [`${district}-cgj`, district, pathOfCode(district)],
    );
    const port = await freePort();
    app = await startRegistryApp(dataSource, GridsModule, { grpcPort: port });
    const client = <T>(service: string) =>
      new GrpcClient<T>({
        protoFiles: protoFiles.grid,
        service: `yiwang.grid.v1.${service}`,
        address: `127.0.0.1:${port}`,
      });
    grids = client('GridService');
    units = client('UnitService');
    location = client('LocationService');
  });

  afterAll(async () => {
    grids?.close();
    units?.close();
    location?.close();
    await app?.close();
    await dataSource?.destroy();
  });

  it('lists the grid types with their staffing standards', async () => {
    const { types } = await as(clerk(), () => grids.call('listGridTypes', {}));
    expect(types.map((t) => t.type)).toEqual(
      expect.arrayContaining(['routine', 'general_prevention', 'key_attention', 'concentrated_remediation']),
    );
    expect(types.find((t) => t.type === 'routine')).toMatchObject({
      nameZh: '日常管理型',
      minFullTime: 1,
      minPartTime: 3,
    });
  });

  it('draws grids inside the community and refuses invalid GeoJSON with the reason', async () => {
    const { grid } = await as(clerk(), () =>
      grids.call('createGrid', {
        communityCode: community,
        grid: newGrid('G01', box(W, S, W + 0.02, S + 0.02)),
      }),
    );
    expect(grid).toMatchObject({
      code: `${community}-G01`,
      status: 'active',
      version: 1,
      path: `${pathOfCode(community)}.${community}-G01`,
    });
    await as(clerk(), () =>
      grids.call('createGrid', {
        communityCode: community,
        grid: newGrid('G02', box(W + 0.02, S, W + 0.04, S + 0.02), 'key_attention'),
      }),
    );

    const refused = async (grid: ReturnType<typeof newGrid>) => {
      const error = await failure(
        as(clerk(), () => grids.call('createGrid', { communityCode: community, grid })),
      );
      return { code: error.code, text: JSON.stringify(error.details) };
    };
    const x = newGrid('X1', box(W, S, W + 0.001, S + 0.001));
    expect(await refused({ ...x, boundaryGeojson: '{"type":"Polygon",' })).toEqual({
      code: 'registry.invalid_grid',
      text: expect.stringMatching(/not JSON/),
    });
    expect(await refused({ ...x, boundaryGeojson: '{"type":"Point","coordinates":[87.6,43.8]}' })).toEqual({
      code: 'registry.invalid_grid',
      text: expect.stringMatching(/Polygon/),
    });
    const bowtie: Ring = [
      [W, S],
      [W + 0.01, S + 0.01],
      [W + 0.01, S],
      [W, S + 0.01],
      [W, S],
    ];
    expect((await refused({ ...x, boundaryGeojson: polygon(bowtie) })).text).toMatch(/intersect/i);
    expect(
      (await refused({ ...x, boundaryGeojson: polygon(box(W, S, W + 0.01, S + 0.01).slice(0, 4)) })).text,
    ).toMatch(/closed|positions/);
    expect(
      (await refused({ ...x, boundaryGeojson: polygon([...box(W, S, W + 0.01, S + 0.01)].reverse()) })).text,
    ).toMatch(/winding/);
    expect(
      (await refused({ ...x, boundaryGeojson: polygon(box(W - 0.01, S, W + 0.01, S + 0.01)) })).text,
    ).toMatch(/outside/);
    expect(
      (await refused({ ...x, boundaryGeojson: polygon(box(W + 0.01, S, W + 0.03, S + 0.01)) })).code,
    ).toBe('registry.grid_overlaps');
    expect(
      (await refused({ ...newGrid('X1', box(W, S, W + 0.001, S + 0.001)), code: 'bad code' })).text,
    ).toMatch(/grid\.code/);
    // Out of scope: the community is not there for a clerk of another street.
    const outside = await failure(
      as(outsider(), () =>
        grids.call('createGrid', {
          communityCode: community,
          grid: newGrid('X2', box(W, S, W + 0.001, S + 0.001)),
        }),
      ),
    );
    expect(outside.code).toBe('registry.unit_not_found');
  });

  it('reads and lists grids in scope, keyset-paged, and not outside it', async () => {
    const { grid } = await as(clerk(), () =>
      grids.call('getGrid', { code: `${community}-G01`, withBoundary: true }),
    );
    expect(JSON.parse(grid!.boundaryGeojson)).toMatchObject({ type: 'Polygon' });
    const first = await as(clerk(), () =>
      grids.call('listGrids', {
        unitCode: street,
        limit: 1,
        withBoundary: false,
        includeRetired: false,
      }),
    );
    expect(first.grids.map((g) => g.code)).toEqual([`${community}-G01`]);
    expect(first.grids[0].boundaryGeojson).toBe('');
    const second = await as(clerk(), () =>
      grids.call('listGrids', {
        unitCode: street,
        after: first.nextCursor,
        limit: 1,
        withBoundary: false,
        includeRetired: false,
      }),
    );
    expect(second.grids.map((g) => g.code)).toEqual([`${community}-G02`]);
    expect(
      (
        await failure(
          as(outsider(), () => grids.call('getGrid', { code: `${community}-G01`, withBoundary: false })),
        )
      ).code,
    ).toBe('registry.grid_not_found');
    expect(
      (
        await failure(
          as(outsider(), () =>
            grids.call('listGrids', {
              unitCode: street,
              limit: 10,
              withBoundary: false,
              includeRetired: false,
            }),
          ),
        )
      ).code,
    ).toBe('registry.unit_not_found');
  });

  it('staffs grids ("1+3+N"), reports those below their standard, and ends a post', async () => {
    const code = `${community}-G01`;
    const { staff: head } = await as(clerk(), () =>
      grids.call('addGridStaff', {
        gridCode: code,
        name: '网格长甲',
        role: 'head',
        phone: '13900001111',
      }),
    );
    expect(head).toMatchObject({ role: 'head', phone: '139****1111', until: '' });
    await as(clerk(), () =>
      grids.call('addGridStaff', {
        gridCode: code,
        name: '专职乙',
        role: 'full_time',
        since: '2026-01-01',
      }),
    );
    for (const kind of ['building_head', 'party_member', 'police']) {
      await as(clerk(), () =>
        grids.call('addGridStaff', {
          gridCode: code,
          name: `兼职${kind}`,
          role: 'part_time',
          partTimeKind: kind,
        }),
      );
    }
    const bad = await failure(
      as(clerk(), () =>
        grids.call('addGridStaff', {
          gridCode: code,
          name: '',
          role: 'part_time',
          partTimeKind: 'astronaut',
          phone: '12',
          since: 'x',
        }),
      ),
    );
    expect(bad.details.map((d) => d.field).sort()).toEqual(['name', 'partTimeKind', 'phone', 'since']);

    const report = await as(clerk(), () => grids.call('staffingReport', { unitCode: street }));
    expect(report.gridsChecked).toBe(2);
    // G01 meets the routine standard (1 head, 1 full-time, 3 part-time); G02 has nobody.
    expect(report.belowStandard.map((r) => r.gridCode)).toEqual([`${community}-G02`]);
    expect(report.belowStandard[0]).toMatchObject({
      type: 'key_attention',
      hasHead: false,
      minFullTime: 2,
      minPartTime: 5,
    });

    const ended = await as(clerk(), () =>
      grids.call('endGridStaff', { staffId: head!.id, until: '2026-01-02' }),
    );
    expect(ended.staff?.until).toBe('2026-01-02');
    const after = await as(clerk(), () => grids.call('staffingReport', { unitCode: street }));
    expect(after.belowStandard.map((r) => r.gridCode)).toEqual([`${community}-G01`, `${community}-G02`]);
    expect(
      (await failure(as(outsider(), () => grids.call('endGridStaff', { staffId: head!.id })))).code,
    ).toBe('registry.staff_not_found');
    expect(
      (await failure(as(outsider(), () => grids.call('staffingReport', { unitCode: street })))).code,
    ).toBe('registry.unit_not_found');
  });

  it('resolves points to grids from the index, one by one and in batches; outside every grid is NOT_FOUND', async () => {
    await app.get(LocationIndexService).rebuild();
    const { location: found } = await as(clerk(), () =>
      location.call('resolveLocation', { lat: S + 0.01, lng: W + 0.01 }),
    );
    expect(found).toEqual({
      found: true,
      gridCode: `${community}-G01`,
      gridName: '网格G01',
      communityCode: community,
      streetCode: street,
      districtCode: district,
      path: `${pathOfCode(community)}.${community}-G01`,
    });
    const outside = await failure(
      as(clerk(), () => location.call('resolveLocation', { lat: S - 1, lng: W - 1 })),
    );
    expect(outside.code).toBe('registry.location_outside_grids');
    const invalid = await failure(as(clerk(), () => location.call('resolveLocation', { lat: 91, lng: W })));
    expect(invalid.code).toBe('registry.invalid_point');
    const batch = await as(clerk(), () =>
      location.call('resolveLocations', {
        points: [
          { lat: S + 0.01, lng: W + 0.03 },
          { lat: S - 1, lng: W - 1 },
          { lat: S + 0.01, lng: W + 0.01 },
        ],
      }),
    );
    expect(batch.locations.map((l) => [l.found, l.gridCode])).toEqual([
      [true, `${community}-G02`],
      [false, ''],
      [true, `${community}-G01`],
    ]);
    const badBatch = await failure(
      as(clerk(), () =>
        location.call('resolveLocations', {
          points: [
            { lat: S, lng: W },
            { lat: 0, lng: 181 },
          ],
        }),
      ),
    );
    expect(badBatch.details.map((d) => d.field)).toEqual(['points[1].lng']);
  });

  it('splits a grid keeping the old one resolvable by code, and the index follows the change events', async () => {
    const old = `${community}-G02`;
    const { retired, created } = await as(clerk(), () =>
      grids.call('redrawGrids', {
        change: 'split',
        retire: [old],
        create: [
          newGrid('G03', box(W + 0.02, S, W + 0.03, S + 0.02)),
          newGrid('G04', box(W + 0.03, S, W + 0.04, S + 0.02)),
        ],
      }),
    );
    expect(retired).toHaveLength(1);
    expect(retired[0]).toMatchObject({
      code: old,
      status: 'retired',
      replacedBy: [`${community}-G03`, `${community}-G04`],
    });
    expect(created.map((g) => g.code)).toEqual([`${community}-G03`, `${community}-G04`]);
    const { grid } = await as(clerk(), () => grids.call('getGrid', { code: old, withBoundary: false }));
    expect(grid).toMatchObject({ status: 'retired', retiredReason: 'split' });
    const refused = await failure(
      as(clerk(), () => grids.call('redrawGrids', { change: 'merge', retire: [old], create: [] })),
    );
    expect(refused.code).toBe('registry.invalid_grid');

    // What every replica does on registry.v1.grid-changed.
    const index = app.get(LocationIndexService);
    for (const code of [old, `${community}-G03`, `${community}-G04`]) {
      await index.onGridChanged({
        code,
        communityCode: community,
        path: `${pathOfCode(community)}.${code}`,
        version: 1,
        change: code === old ? 'retired' : 'created',
        replacedBy: [],
        occurredAt: new Date().toISOString(),
      });
    }
    const moved = await as(clerk(), () =>
      location.call('resolveLocation', { lat: S + 0.01, lng: W + 0.035 }),
    );
    expect(moved.location?.gridCode).toBe(`${community}-G04`);
  });

  it('reads units, their children and departments inside the scope only', async () => {
    const { unit, ancestors, counts } = await as(clerk(), () => units.call('getUnit', { code: street }));
    expect(unit).toMatchObject({ code: street, level: 'street', path: pathOfCode(street) });
    expect(ancestors.map((a) => a.code)).toEqual(['99', '9909', district]);
    // proto3 optional: the root has no parentCode at all (not ''); the others name theirs.
    expect(ancestors.map((a) => a.parentCode)).toEqual([undefined, '99', '9909']);
    expect(unit!.parentCode).toBe(district);
    expect(counts).toMatchObject({ communities: 1, grids: 3 });
    const children = await as(clerk(), () => units.call('listUnits', { parentCode: street, limit: 10 }));
    expect(children.units.map((u) => u.code)).toEqual([community]);
    // A street clerk listing from the top sees their street only.
    const roots = await as(clerk(), () => units.call('listUnits', { limit: 10 }));
    expect(roots.units.map((u) => u.code)).toEqual([street]);
    expect((await failure(as(clerk(), () => units.call('getUnit', { code: otherStreet })))).code).toBe(
      'registry.unit_not_found',
    );
    expect((await failure(as(clerk(), () => units.call('getUnit', { code: 'abc' })))).code).toBe(
      'registry.invalid_unit_code',
    );
    const { departments } = await as(clerk(), () =>
      units.call('listDepartments', { unitCode: community, category: 'street_light' }),
    );
    expect(departments.map((d) => d.code)).toContain(`${district}-cgj`);
    expect(departments.find((d) => d.code === `${district}-cgj`)!.parentCode).toBeUndefined();
    expect(
      (await failure(as(clerk(), () => units.call('listDepartments', { unitCode: otherCommunity })))).code,
    ).toBe('registry.unit_not_found');
  });

  it('gives case figures of units in scope only', async () => {
    await dataSource.query(
      `INSERT INTO unit_activity (unit_code, cases_reported, last_case_at) VALUES ($1, 3, now())
       ON CONFLICT (unit_code) DO UPDATE SET cases_reported = 3`,
      [community],
    );
    const mine = await as(clerk(), () => grids.call('getUnitActivity', { unitCode: community }));
    expect(mine).toMatchObject({ unitCode: community, casesReported: 3 });
    expect(mine.lastCaseAt).not.toBe('');
    expect(
      (await failure(as(outsider(), () => grids.call('getUnitActivity', { unitCode: community })))).code,
    ).toBe('registry.unit_not_found');
    const grid = await as(clerk(), () => grids.call('getUnitActivity', { unitCode: `${community}-G01` }));
    expect(grid.unitCode).toBe(`${community}-G01`);
    expect(
      (await failure(as(outsider(), () => grids.call('getUnitActivity', { unitCode: `${community}-G01` }))))
        .code,
    ).toBe('registry.unit_not_found');
    const nobody = await failure(grids.call('getUnitActivity', { unitCode: community }));
    expect(nobody.kind).toBe('unauthenticated');
  });
});
