import { IdentityContext } from '@yiwang/platform';
import { PERMISSIONS } from '../../src/scope/data-scope.js';
import type { ResidentView } from '../../src/people/resident-presenter.js';
import {
  addGrid,
  ALL,
  as,
  domainError,
  nextIdNumber,
  nextPhone,
  startPeople,
  user,
  type PeopleFixture,
} from './people-fixture.js';

/** Out-of-scope rows must be impossible to read, however they are asked for. */
describe('data scope: nothing outside the caller’s subtree', () => {
  let f: PeopleFixture;
  let admin: ReturnType<typeof user>;
  let inA: ResidentView;
  let inB: ResidentView;
  let inSibling: ResidentView;
  let idNumberA: string;
  let householdA: string;
  let buildingA: string;
  let siblingGrid: string;
  let dashGrid: string;
  let inDash: ResidentView;

  beforeAll(async () => {
    f = await startPeople();
    admin = user(null, ALL);
    // A grid whose code extends G01's: a prefix match on paths would wrongly treat it as G01's subtree.
    siblingGrid = await addGrid(f.dataSource, f.communityA, 'G011');
    dashGrid = await addGrid(f.dataSource, f.communityA, 'G01-X');
    await as(admin, async () => {
      const building = await f.places.createBuilding({
        name: '甲1栋',
        communityCode: f.communityA,
        gridCode: f.gridA1,
        lat: 23.1,
        lng: 113.3,
      });
      buildingA = building.id;
      householdA = (
        await f.places.createHousehold({
          householdNo: `S-${f.street}-A`,
          address: '甲1栋101',
          buildingId: buildingA,
        })
      ).id;
      idNumberA = nextIdNumber();
      inA = await f.residents.create({
        name: '范围甲',
        idNumber: idNumberA,
        phone: nextPhone(),
        householdId: householdA,
      });
      inB = await f.residents.create({ name: '范围乙', idNumber: nextIdNumber(), gridCode: f.gridB1 });
      inDash = await f.residents.create({ name: '范围丁', idNumber: nextIdNumber(), gridCode: dashGrid });
      inSibling = await f.residents.create({
        name: '范围丙',
        idNumber: nextIdNumber(),
        gridCode: siblingGrid,
      });
      await f.tags.set(inA.id, 'elderly_alone');
      await f.tags.set(inB.id, 'elderly_alone');
    });
  });

  afterAll(() => f?.close());

  const workerB = () => user(f.communityB, ALL);
  const ids = (page: { residents: ResidentView[] }) => page.residents.map((r) => r.id);

  it('answers not found for a resident outside the scope, by id, even with every permission', async () => {
    const error = await domainError(as(workerB(), () => f.residents.get(inA.id)));
    expect(error).toMatchObject({ kind: 'not_found', code: 'registry.resident_not_found' });
    const reveal = await domainError(
      as(workerB(), () => f.residents.get(inA.id, { reveal: true, purpose: '核查' })),
    );
    expect(reveal.kind).toBe('not_found');
    const [{ count }] = await f.dataSource.query(
      `SELECT count(*)::int AS count FROM pii_access_log WHERE resident_id = $1`,
      [inA.id],
    );
    expect(count).toBe(0);
    expect((await domainError(as(workerB(), () => f.residents.whereLived(inA.id, '2020-01-01')))).kind).toBe(
      'not_found',
    );
    expect((await domainError(as(workerB(), () => f.residents.get('not-a-uuid')))).kind).toBe('not_found');
  });

  it('finds nothing outside the scope by ID number, name, subtree or tag', async () => {
    const b = workerB();
    expect(ids(await as(b, () => f.search.search({ idNumber: idNumberA })))).toEqual([]);
    expect(ids(await as(b, () => f.search.search({ name: '范围' })))).toEqual([inB.id]);
    expect(ids(await as(b, () => f.search.search({ initials: 'fw' })))).toEqual([inB.id]);
    expect(ids(await as(b, () => f.search.search({ unitCode: f.communityA })))).toEqual([]);
    expect(ids(await as(b, () => f.search.search({ unitCode: f.gridA1 })))).toEqual([]);
    expect(ids(await as(b, () => f.search.search({ unitCode: f.communityOther })))).toEqual([]);
    expect(ids(await as(b, () => f.search.search({ unitCode: '110105001001' })))).toEqual([]);
    // A unit above the scope is cut down to the scope.
    expect(ids(await as(b, () => f.search.search({ unitCode: f.street })))).toEqual([inB.id]);
    expect(ids(await as(b, () => f.search.search({ unitCode: '99' })))).toEqual([inB.id]);
    expect(ids(await as(b, () => f.search.search({})))).toEqual([inB.id]);
    expect(ids(await as(b, () => f.search.search({ tag: 'elderly_alone' })))).toEqual([inB.id]);
    expect(ids(await as(b, () => f.search.search({ tag: 'elderly_alone', unitCode: f.communityA })))).toEqual(
      [],
    );
    // The same searches from the city see the resident.
    expect(ids(await as(admin, () => f.search.search({ idNumber: idNumberA })))).toEqual([inA.id]);
  });

  it('keeps sibling grids apart when one code extends the other', async () => {
    const inGrid = ids(await as(admin, () => f.search.search({ unitCode: f.gridA1 })));
    expect(inGrid).toEqual([inA.id]);
    expect(ids(await as(admin, () => f.search.search({ unitCode: siblingGrid })))).toEqual([inSibling.id]);
    expect(ids(await as(admin, () => f.search.search({ unitCode: dashGrid })))).toEqual([inDash.id]);
    expect(ids(await as(admin, () => f.search.search({ name: '范围', unitCode: f.gridA1 })))).toEqual([
      inA.id,
    ]);
    const gridWorker = user(f.gridA1, ALL);
    expect(ids(await as(gridWorker, () => f.search.search({ name: '范围' })))).toEqual([inA.id]);
    expect((await domainError(as(gridWorker, () => f.residents.get(inSibling.id)))).kind).toBe('not_found');
  });

  it('hides households, members and buildings outside the scope', async () => {
    const b = workerB();
    expect(await domainError(as(b, () => f.places.getHousehold(householdA)))).toMatchObject({
      code: 'registry.household_not_found',
    });
    expect(await domainError(as(b, () => f.places.getBuilding(buildingA)))).toMatchObject({
      code: 'registry.building_not_found',
    });
    const byCommunity = await as(b, () => f.places.listBuildings({ communityCode: f.communityA }));
    expect(byCommunity.buildings).toEqual([]);
    const byGrid = await as(b, () => f.places.listBuildings({ gridCode: f.gridA1 }));
    expect(byGrid.buildings).toEqual([]);
    const own = await as(user(f.communityA, []), () => f.places.getHousehold(householdA));
    expect(own.members.map((m) => m.id)).toEqual([inA.id]);
  });

  it('refuses changes to rows outside the scope as not found', async () => {
    const b = workerB();
    const cases: [string, () => Promise<unknown>][] = [
      ['update', () => f.residents.update(inA.id, { name: '改名' })],
      ['move out', () => f.residents.move(inA.id, householdA, '2024-01-01')],
      ['move in', () => f.residents.move(inB.id, householdA, '2024-01-01')],
      ['tag', () => f.tags.set(inA.id, 'veteran')],
      ['untag', () => f.tags.remove(inA.id, 'elderly_alone')],
      ['building', () => f.places.updateBuilding(buildingA, { name: '改' })],
      ['household', () => f.places.updateHousehold(householdA, { room: '102' })],
      [
        'create in A',
        () => f.residents.create({ name: '外', idNumber: nextIdNumber(), householdId: householdA }),
      ],
      [
        'building in A',
        () => f.places.createBuilding({ name: '外', communityCode: f.communityA, lat: 23, lng: 113 }),
      ],
    ];
    for (const [what, call] of cases) {
      const error = await domainError(as(b, call));
      expect([what, error.kind]).toEqual([what, 'not_found']);
    }
    const unchanged = await as(admin, () => f.residents.get(inA.id));
    expect(unchanged).toMatchObject({ name: '范围甲', householdId: householdA });
  });

  it('denies callers without an identity or without a scope', async () => {
    const none = await domainError(IdentityContext.run(null, () => f.residents.get(inA.id)));
    expect(none.kind).toBe('unauthenticated');
    const noScope = { ...user(f.communityA, [PERMISSIONS.readPii]), roles: ['grid_worker'], scopePath: null };
    expect((await domainError(as(noScope, () => f.search.search({ name: '范围' })))).kind).toBe('forbidden');
  });
});
