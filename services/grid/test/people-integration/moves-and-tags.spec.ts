import { chinaToday } from '../../src/shared/china-date.js';
import { PERMISSIONS } from '../../src/scope/data-scope.js';
import {
  ALL,
  as,
  domainError,
  nextIdNumber,
  startPeople,
  user,
  type PeopleFixture,
} from './people-fixture.js';

describe('residence history and special-population tags', () => {
  let f: PeopleFixture;
  let clerk: ReturnType<typeof user>;
  const households: Record<string, string> = {};

  beforeAll(async () => {
    f = await startPeople();
    clerk = user(f.street, [PERMISSIONS.write]);
    await as(clerk, async () => {
      for (const [key, gridCode] of [
        ['h1', f.gridA1],
        ['h2', f.gridA2],
        ['h3', f.gridB1],
      ] as const) {
        households[key] = (
          await f.places.createHousehold({
            householdNo: `M-${f.street}-${key}`,
            address: `${key}号`,
            gridCode,
          })
        ).id;
      }
    });
  });

  afterAll(() => f?.close());

  const residences = async (id: string) =>
    f.dataSource.query(
      `SELECT household_id AS "householdId", valid_from::text AS "from", valid_to::text AS "to"
       FROM residences WHERE resident_id = $1 ORDER BY valid_from`,
      [id],
    );

  it('keeps moves as history and answers where someone lived on a past date', async () => {
    const { id } = await as(clerk, () =>
      f.residents.create({
        name: '搬家人',
        idNumber: nextIdNumber(),
        householdId: households.h1,
        movedInOn: '2015-03-01',
      }),
    );
    await as(clerk, () => f.residents.move(id, households.h2, '2019-06-15'));
    const moved = await as(clerk, () => f.residents.move(id, households.h3, '2023-01-10'));
    expect(moved).toMatchObject({ householdId: households.h3, gridCode: f.gridB1 });
    expect(moved.path.endsWith(`${f.communityB}.${f.gridB1}`)).toBe(true);

    expect(await residences(id)).toEqual([
      { householdId: households.h1, from: '2015-03-01', to: '2019-06-15' },
      { householdId: households.h2, from: '2019-06-15', to: '2023-01-10' },
      { householdId: households.h3, from: '2023-01-10', to: null },
    ]);
    const reader = user(f.street, []);
    const on = async (date: string) => (await as(reader, () => f.residents.whereLived(id, date))).householdId;
    expect(await on('2015-03-01')).toBe(households.h1);
    expect(await on('2019-06-14')).toBe(households.h1);
    expect(await on('2019-06-15')).toBe(households.h2);
    expect(await on('2023-01-09')).toBe(households.h2);
    expect(await on(chinaToday())).toBe(households.h3);
    const grid = await as(reader, () => f.residents.whereLived(id, '2020-02-29'));
    expect(grid).toMatchObject({ gridCode: f.gridA2, validFrom: '2019-06-15', validTo: '2023-01-10' });

    expect(await domainError(as(reader, () => f.residents.whereLived(id, '2010-01-01')))).toMatchObject({
      kind: 'not_found',
      code: 'registry.no_residence_on_date',
    });
    expect(
      (await domainError(as(reader, () => f.residents.whereLived(id, '2019-02-30')))).details[0].field,
    ).toBe('date');
  });

  it('refuses moves before the current residence or in the future; same household changes nothing', async () => {
    const { id } = await as(clerk, () =>
      f.residents.create({
        name: '不动人',
        idNumber: nextIdNumber(),
        householdId: households.h1,
        movedInOn: '2020-05-01',
      }),
    );
    expect(
      await domainError(as(clerk, () => f.residents.move(id, households.h2, '2020-04-30'))),
    ).toMatchObject({
      code: 'registry.invalid_move_date',
    });
    const future = await domainError(as(clerk, () => f.residents.move(id, households.h2, '2999-01-01')));
    expect(future.details[0]).toMatchObject({ field: 'date' });
    await as(clerk, () => f.residents.move(id, households.h1, '2021-01-01'));
    expect(await residences(id)).toHaveLength(1);
    // A move on the day the residence began corrects it rather than leaving a zero-length stay.
    await as(clerk, () => f.residents.move(id, households.h2, '2020-05-01'));
    expect(await residences(id)).toEqual([{ householdId: households.h2, from: '2020-05-01', to: null }]);
  });

  it('moves households and residents with their building when it changes grid, keeping history', async () => {
    const building = await as(clerk, () =>
      f.places.createBuilding({
        name: '迁移楼',
        communityCode: f.communityA,
        gridCode: f.gridA1,
        lat: 23.12,
        lng: 113.31,
      }),
    );
    const household = await as(clerk, () =>
      f.places.createHousehold({
        householdNo: `M-${f.street}-b`,
        address: '迁移楼1单元',
        buildingId: building.id,
      }),
    );
    const resident = await as(clerk, () =>
      f.residents.create({
        name: '楼里人',
        idNumber: nextIdNumber(),
        householdId: household.id,
        movedInOn: '2018-01-01',
      }),
    );
    expect(household.gridCode).toBe(f.gridA1);

    const retired = await domainError(
      as(clerk, () => f.places.updateBuilding(building.id, { gridCode: f.gridRetired })),
    );
    expect(retired).toMatchObject({ code: 'registry.invalid_grid' });
    const foreign = await domainError(
      as(clerk, () => f.places.updateBuilding(building.id, { gridCode: f.gridB1 })),
    );
    expect(foreign.details[0]).toMatchObject({ field: 'gridCode' });

    const [{ before }] = await f.dataSource.query(`SELECT clock_timestamp() AS before`);
    const updated = await as(clerk, () => f.places.updateBuilding(building.id, { gridCode: f.gridA2 }));
    expect(updated.path.endsWith(f.gridA2)).toBe(true);
    const got = await as(clerk, () => f.residents.get(resident.id));
    expect(got).toMatchObject({ gridCode: f.gridA2, path: updated.path, householdId: household.id });
    expect((await as(clerk, () => f.places.getHousehold(household.id))).household.gridCode).toBe(f.gridA2);
    const today = chinaToday();
    expect(await residences(resident.id)).toEqual([
      { householdId: household.id, from: '2018-01-01', to: today },
      { householdId: household.id, from: today, to: null },
    ]);
    expect((await as(clerk, () => f.residents.whereLived(resident.id, '2019-01-01'))).gridCode).toBe(
      f.gridA1,
    );

    const events = await f.dataSource.query(
      `SELECT subject, payload->>'change' AS change FROM outbox WHERE created_at >= $1 AND payload->>'id' = ANY($2)
       ORDER BY created_at`,
      [before, [building.id, household.id, resident.id]],
    );
    expect(events).toEqual([
      { subject: 'registry.v1.building-changed', change: 'moved' },
      { subject: 'registry.v1.household-changed', change: 'moved' },
      { subject: 'registry.v1.resident-changed', change: 'moved' },
    ]);

    const out = await as(clerk, () => f.places.updateBuilding(building.id, { gridCode: null }));
    expect(out.gridCode).toBeNull();
    expect((await as(clerk, () => f.residents.get(resident.id))).gridCode).toBeNull();
  });

  it('shows, sets and removes special-population tags only with the permission, recording who and when', async () => {
    const { id } = await as(clerk, () =>
      f.residents.create({ name: '独居老人', idNumber: nextIdNumber(), householdId: households.h1 }),
    );
    const plain = user(
      f.street,
      ALL.filter((p) => p !== PERMISSIONS.readSpecialPopulation),
    );
    const carer = user(f.street, [PERMISSIONS.readSpecialPopulation], 'carer-1');

    expect(await domainError(as(plain, () => f.tags.set(id, 'elderly_alone')))).toMatchObject({
      kind: 'forbidden',
      code: 'registry.special_population_forbidden',
    });
    expect(await domainError(as(carer, () => f.tags.set(id, 'vip')))).toMatchObject({
      code: 'registry.unknown_tag',
    });

    const tag = await as(carer, () => f.tags.set(id, 'elderly_alone', '子女在外地'));
    expect(tag).toMatchObject({
      tag: 'elderly_alone',
      labelZh: '独居老人',
      labelEn: 'Elderly living alone',
      setBy: 'carer-1',
    });
    const again = await as(carer, () => f.tags.set(id, 'elderly_alone'));
    expect(again.setAt).toEqual(tag.setAt);
    await as(carer, () => f.tags.set(id, 'low_income'));

    // Hidden, not empty: the caller cannot tell whether there are tags.
    expect((await as(plain, () => f.residents.get(id))).tags).toBeNull();
    expect((await as(plain, () => f.search.search({ name: '独居老人' }))).residents[0].tags).toBeNull();
    const members = (await as(plain, () => f.places.getHousehold(households.h1))).members;
    expect(members.every((m) => m.tags === null)).toBe(true);
    expect(await domainError(as(plain, () => f.search.search({ tag: 'elderly_alone' })))).toMatchObject({
      kind: 'forbidden',
    });
    expect((await as(carer, () => f.residents.get(id))).tags?.map((t) => t.tag)).toEqual([
      'elderly_alone',
      'low_income',
    ]);

    expect(await domainError(as(plain, () => f.tags.remove(id, 'low_income')))).toMatchObject({
      kind: 'forbidden',
    });
    await as(user(f.street, [PERMISSIONS.readSpecialPopulation], 'carer-2'), () =>
      f.tags.remove(id, 'low_income'),
    );
    expect(await domainError(as(carer, () => f.tags.remove(id, 'low_income')))).toMatchObject({
      code: 'registry.tag_not_set',
    });
    expect((await as(carer, () => f.residents.get(id))).tags?.map((t) => t.tag)).toEqual(['elderly_alone']);
    const rows = await f.dataSource.query(
      `SELECT tag, set_by, removed_by, removed_at IS NOT NULL AS removed FROM resident_tags WHERE resident_id = $1
       ORDER BY tag`,
      [id],
    );
    expect(rows).toEqual([
      { tag: 'elderly_alone', set_by: 'carer-1', removed_by: null, removed: false },
      { tag: 'low_income', set_by: 'carer-1', removed_by: 'carer-2', removed: true },
    ]);
    // Set again after removal: a new row, the old one stays as the record.
    await as(carer, () => f.tags.set(id, 'low_income'));
    const [{ count }] = await f.dataSource.query(
      `SELECT count(*)::int AS count FROM resident_tags WHERE resident_id = $1 AND tag = 'low_income'`,
      [id],
    );
    expect(count).toBe(2);
  });
});
