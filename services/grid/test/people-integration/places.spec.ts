import { PERMISSIONS } from '../../src/scope/data-scope.js';
import { as, domainError, nextIdNumber, startPeople, user, type PeopleFixture } from './people-fixture.js';

describe('places: buildings and households', () => {
  let f: PeopleFixture;
  let clerk: ReturnType<typeof user>;
  const at = { lat: 23.13, lng: 113.32 };

  beforeAll(async () => {
    f = await startPeople();
    clerk = user(f.street, [PERMISSIONS.write]);
  });

  afterAll(() => f?.close());

  it('creates a building in a community, placed in its grid when one is given', async () => {
    const inGrid = await as(clerk, () =>
      f.places.createBuilding({
        name: '10栋',
        communityCode: f.communityA,
        gridCode: f.gridA1,
        ...at,
        floors: 18,
      }),
    );
    expect(inGrid).toMatchObject({
      name: '10栋',
      communityCode: f.communityA,
      gridCode: f.gridA1,
      path: `99.9901.${f.district}.${f.street}.${f.communityA}.${f.gridA1}`,
      entrances: 1,
      floors: 18,
    });
    const noGrid = await as(clerk, () =>
      f.places.createBuilding({ name: '11栋', communityCode: f.communityA, ...at }),
    );
    expect(noGrid).toMatchObject({
      gridCode: null,
      path: `99.9901.${f.district}.${f.street}.${f.communityA}`,
    });
    expect(await as(user(f.communityA, []), () => f.places.getBuilding(inGrid.id))).toEqual(inGrid);
  });

  it('checks the community, its grid, the name and the coordinates', async () => {
    const create = (input: Partial<Parameters<PeopleFixture['places']['createBuilding']>[0]>) =>
      domainError(
        as(clerk, () =>
          f.places.createBuilding({ name: '12栋', communityCode: f.communityA, ...at, ...input }),
        ),
      );
    expect(await create({ communityCode: `${f.street}999` })).toMatchObject({
      kind: 'not_found',
      code: 'registry.unit_not_found',
    });
    expect(await create({ communityCode: f.street })).toMatchObject({
      kind: 'invalid',
      code: 'registry.invalid_unit_code',
    });
    expect(await create({ communityCode: f.communityOther })).toMatchObject({ kind: 'not_found' });
    expect(await create({ gridCode: f.gridB1 })).toMatchObject({
      kind: 'invalid',
      code: 'registry.invalid_grid',
    });
    expect(await create({ gridCode: f.gridRetired })).toMatchObject({ code: 'registry.invalid_grid' });
    expect(await create({ gridCode: `${f.communityA}-G77` })).toMatchObject({
      code: 'registry.invalid_grid',
    });
    expect((await create({ lat: 0, lng: 0 })).details[0]).toMatchObject({ field: 'lat' });
    expect((await create({ name: '' })).details[0]).toMatchObject({ field: 'name' });
    expect((await create({ entrances: 0 })).details[0]).toMatchObject({ field: 'entrances' });
    await as(clerk, () => f.places.createBuilding({ name: '同名楼', communityCode: f.communityA, ...at }));
    expect(await create({ name: '同名楼' })).toMatchObject({
      kind: 'conflict',
      code: 'registry.building_exists',
    });
    // The same name in another community is another building.
    await as(clerk, () => f.places.createBuilding({ name: '同名楼', communityCode: f.communityB, ...at }));
    // Someone outside learns nothing about the community's grids.
    const outsider = user(f.communityOther, [PERMISSIONS.write]);
    const probe = await domainError(
      as(outsider, () =>
        f.places.createBuilding({ name: 'x', communityCode: f.communityA, gridCode: 'nope', ...at }),
      ),
    );
    expect(probe).toMatchObject({ kind: 'not_found', code: 'registry.unit_not_found' });
  });

  it('lets a grid worker add buildings in their own grid only', async () => {
    const worker = user(f.gridA2, [PERMISSIONS.write]);
    const own = await as(worker, () =>
      f.places.createBuilding({ name: '网格楼', communityCode: f.communityA, gridCode: f.gridA2, ...at }),
    );
    expect(own.gridCode).toBe(f.gridA2);
    const elsewhere = await domainError(
      as(worker, () =>
        f.places.createBuilding({ name: '网格楼2', communityCode: f.communityA, gridCode: f.gridA1, ...at }),
      ),
    );
    expect(elsewhere.kind).toBe('not_found');
  });

  it('lists the buildings of a community or a grid in keyset pages', async () => {
    const names = Array.from({ length: 8 }, (_, i) => `列表${i}号楼`);
    for (const name of names) {
      await as(clerk, () =>
        f.places.createBuilding({ name, communityCode: f.communityB, gridCode: f.gridB1, ...at }),
      );
    }
    for (const by of [{ communityCode: f.communityB }, { gridCode: f.gridB1 }]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: Awaited<ReturnType<PeopleFixture['places']['listBuildings']>> = await as(
          user(f.communityB, []),
          () => f.places.listBuildings({ ...by, cursor, limit: 3 }),
        );
        seen.push(...page.buildings.map((b) => b.name).filter((n) => n.startsWith('列表')));
        cursor = page.next;
        pages += 1;
      } while (cursor);
      expect(seen).toEqual(names);
      expect(pages).toBeGreaterThanOrEqual(3);
    }
    expect(
      await domainError(
        as(clerk, () => f.places.listBuildings({ communityCode: f.communityB, cursor: 'abc' })),
      ),
    ).toMatchObject({
      code: 'registry.invalid_cursor',
    });
    expect(await domainError(as(clerk, () => f.places.listBuildings({})))).toMatchObject({ kind: 'invalid' });
  });

  it('creates households in a building, a grid or a community, unique by household number', async () => {
    const building = await as(clerk, () =>
      f.places.createBuilding({ name: '户楼', communityCode: f.communityB, gridCode: f.gridB1, ...at }),
    );
    const inBuilding = await as(clerk, () =>
      f.places.createHousehold({
        householdNo: `P-${f.street}-1`,
        address: '户楼2单元301',
        buildingId: building.id,
        entrance: '2',
        room: '301',
      }),
    );
    expect(inBuilding).toMatchObject({
      buildingId: building.id,
      gridCode: f.gridB1,
      path: building.path,
      room: '301',
    });
    const inCommunity = await as(clerk, () =>
      f.places.createHousehold({
        householdNo: `P-${f.street}-2`,
        address: '平房5号',
        communityCode: f.communityA,
      }),
    );
    expect(inCommunity).toMatchObject({
      buildingId: null,
      gridCode: null,
      path: `99.9901.${f.district}.${f.street}.${f.communityA}`,
    });

    expect(
      await domainError(
        as(clerk, () =>
          f.places.createHousehold({
            householdNo: `P-${f.street}-1`,
            address: 'x',
            communityCode: f.communityA,
          }),
        ),
      ),
    ).toMatchObject({ kind: 'conflict', code: 'registry.household_exists' });
    expect(
      await domainError(
        as(clerk, () => f.places.createHousehold({ householdNo: `P-${f.street}-3`, address: 'x' })),
      ),
    ).toMatchObject({
      code: 'registry.placement_required',
    });
    expect(
      await domainError(
        as(clerk, () =>
          f.places.createHousehold({ householdNo: `P-${f.street}-3`, address: 'x', gridCode: f.gridRetired }),
        ),
      ),
    ).toMatchObject({ code: 'registry.grid_not_found' });

    const updated = await as(clerk, () =>
      f.places.updateHousehold(inBuilding.id, { room: '302', address: '户楼2单元302' }),
    );
    expect(updated).toMatchObject({
      room: '302',
      entrance: '2',
      address: '户楼2单元302',
      gridCode: f.gridB1,
    });
  });

  it('returns a household with its members, masked, head first', async () => {
    const household = await as(clerk, () =>
      f.places.createHousehold({ householdNo: `P-${f.street}-9`, address: '家9号', gridCode: f.gridA1 }),
    );
    const child = await as(clerk, () =>
      f.residents.create({
        name: '孩子',
        idNumber: nextIdNumber(),
        householdId: household.id,
        relation: 'child',
      }),
    );
    const head = await as(clerk, () =>
      f.residents.create({
        name: '户主',
        idNumber: nextIdNumber(),
        householdId: household.id,
        relation: 'head',
      }),
    );
    const got = await as(user(f.communityA, []), () => f.places.getHousehold(household.id));
    expect(got.household.id).toBe(household.id);
    expect(got.members.map((m) => m.id)).toEqual([head.id, child.id]);
    expect(got.members.every((m) => /^\d{6}\*{8}[\dX]{4}$/.test(m.idNumber) && !m.revealed)).toBe(true);
  });
});
