import { PERMISSIONS } from '../../src/scope/data-scope.js';
import {
  as,
  domainError,
  nextIdNumber,
  nextPhone,
  startPeople,
  user,
  ALL,
  type PeopleFixture,
} from './people-fixture.js';

describe('residents: personal data in and out', () => {
  let f: PeopleFixture;
  let clerk: ReturnType<typeof user>;
  let householdId: string;

  beforeAll(async () => {
    f = await startPeople();
    clerk = user(f.street, [PERMISSIONS.write]);
    const building = await as(clerk, () =>
      f.places.createBuilding({
        name: '1栋',
        communityCode: f.communityA,
        gridCode: f.gridA1,
        lat: 23.1,
        lng: 113.3,
      }),
    );
    householdId = (
      await as(clerk, () =>
        f.places.createHousehold({
          householdNo: `H-${f.street}-1`,
          address: '1栋101',
          buildingId: building.id,
        }),
      )
    ).id;
  });

  afterAll(() => f?.close());

  it('stores only ciphertext and keyed hashes, and answers masked', async () => {
    const idNumber = nextIdNumber(123);
    const phone = nextPhone();
    const created = await as(clerk, () =>
      f.residents.create({ name: '张三', idNumber, phone, householdId, relation: 'head' }),
    );
    expect(created).toMatchObject({
      name: '张三',
      nameInitials: 'zs',
      gender: 'male',
      idNumber: `${idNumber.slice(0, 6)}********${idNumber.slice(14)}`,
      phone: `${phone.slice(0, 3)}****${phone.slice(7)}`,
      revealed: false,
      birthDate: null,
      householdId,
      gridCode: f.gridA1,
      path: `99.9901.${f.district}.${f.street}.${f.communityA}.${f.gridA1}`,
      relation: 'head',
      tags: null,
    });
    // The fixture's birth days start at a random day from 1950 on: the age follows from the number itself
    // (a day either side: the service counts days in Beijing time).
    const born = idNumber.slice(6, 14);
    const ageOn = (day: Date) =>
      day.getUTCFullYear() -
      Number(born.slice(0, 4)) -
      (day.toISOString().slice(5, 10).replace('-', '') < born.slice(4) ? 1 : 0);
    const now = Date.now();
    expect([-1, 0, 1].map((d) => ageOn(new Date(now + d * 86_400_000)))).toContain(created.age);

    const [row] = await f.dataSource.query(`SELECT * FROM residents WHERE id = $1`, [created.id]);
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(idNumber);
    expect(stored).not.toContain(phone);
    expect(row.id_number_enc).toMatch(/^v1\.test1\./);
    expect(row.id_number_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.phone_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.birth_date).toBeDefined();

    const got = await as(user(f.communityA, []), () => f.residents.get(created.id));
    expect(got.idNumber).toBe(created.idNumber);
    expect(got.phone).toBe(created.phone);
  });

  it('reveals only with registry:read-pii and a purpose, and audits every revealed read', async () => {
    const idNumber = nextIdNumber();
    const phone = nextPhone();
    const { id } = await as(clerk, () => f.residents.create({ name: '李四', idNumber, phone, householdId }));
    const audit = () =>
      f.dataSource.query<{ subject: string; fields: string[]; purpose: string }[]>(
        `SELECT subject, fields, purpose FROM pii_access_log WHERE resident_id = $1`,
        [id],
      );

    const plain = user(f.communityA, [PERMISSIONS.write, PERMISSIONS.readSpecialPopulation]);
    const refused = await domainError(
      as(plain, () => f.residents.get(id, { reveal: true, purpose: '入户走访' })),
    );
    expect(refused).toMatchObject({ kind: 'forbidden', code: 'registry.pii_forbidden' });

    const entitled = user(f.communityA, [PERMISSIONS.readPii], 'officer-7');
    const noPurpose = await domainError(
      as(entitled, () => f.residents.get(id, { reveal: true, purpose: '  ' })),
    );
    expect(noPurpose).toMatchObject({ kind: 'invalid', code: 'registry.purpose_required' });
    expect(noPurpose.details[0].field).toBe('purpose');
    expect(await audit()).toEqual([]);

    // Permission alone does not unmask: the request has to ask.
    const masked = await as(entitled, () => f.residents.get(id));
    expect(masked.revealed).toBe(false);
    expect(masked.idNumber).not.toBe(idNumber);
    expect(await audit()).toEqual([]);

    const clear = await as(entitled, () => f.residents.get(id, { reveal: true, purpose: '低保复核' }));
    expect(clear).toMatchObject({ idNumber, phone, revealed: true, birthDate: expect.stringMatching(/^19/) });
    expect(await audit()).toEqual([
      { subject: 'officer-7', fields: ['idNumber', 'phone'], purpose: '低保复核' },
    ]);

    await as(entitled, () => f.residents.get(id, { reveal: true, purpose: '再次核对' }));
    expect(await audit()).toHaveLength(2);
  });

  it('refuses a second resident with the same ID number, naming no personal data', async () => {
    const idNumber = nextIdNumber();
    await as(clerk, () => f.residents.create({ name: '王五', idNumber, householdId }));
    // Another desk, another community: uniqueness does not stop at the scope.
    const other = user(f.communityB, [PERMISSIONS.write]);
    const error = await domainError(
      as(other, () =>
        f.residents.create({
          name: '王五',
          idNumber: ` ${idNumber.toLowerCase()} `,
          communityCode: f.communityB,
        }),
      ),
    );
    expect(error).toMatchObject({ kind: 'conflict', code: 'registry.resident_exists' });
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toMatch(/王五|\d{18}/);

    const second = await as(clerk, () =>
      f.residents.create({ name: '赵六', idNumber: nextIdNumber(), householdId }),
    );
    const update = await domainError(as(clerk, () => f.residents.update(second.id, { idNumber })));
    expect(update).toMatchObject({ kind: 'conflict', code: 'registry.resident_exists' });
  });

  it('rejects invalid ID numbers and phones with the field and without echoing them', async () => {
    const valid = nextIdNumber();
    const badChecksum = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
    for (const idNumber of [badChecksum, '12345', '440106209901011234', '']) {
      const error = await domainError(
        as(clerk, () => f.residents.create({ name: '钱七', idNumber, householdId })),
      );
      expect(error).toMatchObject({ kind: 'invalid', code: 'registry.invalid_id_number' });
      expect(error.details[0].field).toBe('idNumber');
      if (idNumber) expect(JSON.stringify(error.details)).not.toContain(idNumber);
    }
    const phone = await domainError(
      as(clerk, () =>
        f.residents.create({ name: '钱七', idNumber: valid, phone: '12345678901', householdId }),
      ),
    );
    expect(phone).toMatchObject({ kind: 'invalid', code: 'registry.invalid_resident' });
    expect(phone.details[0]).toMatchObject({ field: 'phone' });
    const name = await domainError(
      as(clerk, () => f.residents.create({ name: ' ', idNumber: valid, householdId })),
    );
    expect(name.details[0]).toMatchObject({ field: 'name' });
    const relation = await domainError(
      as(clerk, () => f.residents.create({ name: '钱七', idNumber: valid, householdId, relation: 'boss' })),
    );
    expect(relation.details[0]).toMatchObject({ field: 'relation' });
  });

  it('needs registry:write to change anything', async () => {
    const reader = user(
      f.communityA,
      ALL.filter((p) => p !== PERMISSIONS.write),
    );
    const error = await domainError(
      as(reader, () => f.residents.create({ name: '孙八', idNumber: nextIdNumber(), householdId })),
    );
    expect(error).toMatchObject({ kind: 'forbidden', code: 'registry.write_forbidden' });
    const building = await domainError(
      as(reader, () =>
        f.places.createBuilding({ name: 'X', communityCode: f.communityA, lat: 23, lng: 113 }),
      ),
    );
    expect(building.kind).toBe('forbidden');
  });

  it('updates name, initials, phone and number; gender and birth date follow the number', async () => {
    const created = await as(clerk, () =>
      f.residents.create({ name: '周九', idNumber: nextIdNumber(101), phone: nextPhone(), householdId }),
    );
    expect(created.gender).toBe('male');
    const newNumber = nextIdNumber(102);
    const updated = await as(clerk, () =>
      f.residents.update(created.id, { name: '欧阳娜娜', phone: null, idNumber: newNumber }),
    );
    expect(updated).toMatchObject({ name: '欧阳娜娜', nameInitials: 'oynn', phone: null, gender: 'female' });
    const [row] = await f.dataSource.query(
      `SELECT phone_enc, phone_hash, birth_date::text AS birth FROM residents WHERE id = $1`,
      [created.id],
    );
    expect(row).toEqual({
      phone_enc: null,
      phone_hash: null,
      birth: `${newNumber.slice(6, 10)}-${newNumber.slice(10, 12)}-${newNumber.slice(12, 14)}`,
    });
  });

  it('publishes resident, household and building events that carry no personal data', async () => {
    const idNumber = nextIdNumber();
    const phone = nextPhone();
    const before = new Date(Date.now() - 1000);
    const resident = await as(clerk, () =>
      f.residents.create({ name: '吴十', idNumber, phone, householdId }),
    );
    await as(clerk, () => f.residents.update(resident.id, { name: '吴十一' }));
    const rows: { subject: string; payload: Record<string, unknown> }[] = await f.dataSource.query(
      `SELECT subject, payload FROM outbox WHERE created_at >= $1 AND payload->>'id' = $2 ORDER BY created_at`,
      [before, resident.id],
    );
    expect(rows.map((r) => [r.subject, r.payload.change])).toEqual([
      ['registry.v1.resident-changed', 'created'],
      ['registry.v1.resident-changed', 'updated'],
    ]);
    expect(Object.keys(rows[0].payload).sort()).toEqual([
      'change',
      'gridCode',
      'householdId',
      'id',
      'occurredAt',
      'path',
    ]);

    // Every registry event this file produced: none may carry a name, an address or a number.
    const all: { payload: unknown; headers: unknown }[] = await f.dataSource.query(
      `SELECT payload, headers FROM outbox WHERE subject LIKE 'registry.v1.%' AND payload->>'path' LIKE $1`,
      [`%${f.street}%`],
    );
    expect(all.length).toBeGreaterThanOrEqual(4);
    const text = JSON.stringify(all.map((r) => r.payload));
    for (const secret of [idNumber, phone, '吴十', '张三', '1栋101', '1栋'])
      expect(text).not.toContain(secret);
  });
});
