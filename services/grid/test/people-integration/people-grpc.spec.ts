import { protoFiles, type peopleV1 } from '@yiwang/contracts';
import { DomainError, GrpcClient, IdentityContext, type Identity } from '@yiwang/platform';
import { freePort } from '@yiwang/testing';
import type { Observable } from 'rxjs';
import { PERMISSIONS } from '../../src/scope/data-scope.js';
import { ALL, nextIdNumber, nextPhone, startPeople, user, type PeopleFixture } from './people-fixture.js';

type Client = GrpcClient<peopleV1.PeopleServiceClient>;
type Method = Extract<keyof peopleV1.PeopleServiceClient, string>;
type RequestOf<K extends Method> = Parameters<peopleV1.PeopleServiceClient[K]>[0];
type ResponseOf<K extends Method> =
  ReturnType<peopleV1.PeopleServiceClient[K]> extends Observable<infer R> ? R : never;

/** The PeopleService over real gRPC: proto3 defaults and optional fields, identity metadata, error codes. */
describe('PeopleService over gRPC', () => {
  let f: PeopleFixture;
  let client: Client;
  let clerk: Identity;

  const call = <K extends Method>(
    identity: Identity,
    method: K,
    request: RequestOf<K>,
  ): Promise<ResponseOf<K>> =>
    IdentityContext.run(identity, () => client.call(method, request as never) as Promise<ResponseOf<K>>);

  const failure = async (work: Promise<unknown>): Promise<DomainError> => {
    try {
      await work;
    } catch (error) {
      if (error instanceof DomainError) return error;
      throw error;
    }
    throw new Error('expected the call to fail');
  };

  beforeAll(async () => {
    const port = await freePort();
    f = await startPeople({ grpcPort: port });
    client = new GrpcClient({
      protoFiles: protoFiles.grid,
      service: 'yiwang.grid.v1.PeopleService',
      address: `127.0.0.1:${port}`,
    });
    clerk = user(f.street, [PERMISSIONS.write]);
  });

  afterAll(async () => {
    client?.close();
    await f?.close();
  });

  it('creates, reads, updates and lists buildings and households', async () => {
    const { building } = await call(clerk, 'createBuilding', {
      name: '1号楼',
      communityCode: f.communityA,
      gridCode: f.gridA1,
      lat: 23.1,
      lng: 113.3,
    });
    expect(building).toMatchObject({ name: '1号楼', gridCode: f.gridA1, entrances: 1, floors: 0 });

    const renamed = await call(clerk, 'updateBuilding', {
      id: building!.id,
      floors: 12,
    });
    expect(renamed.building).toMatchObject({ name: '1号楼', floors: 12, gridCode: f.gridA1 });
    const cleared = await call(clerk, 'updateBuilding', {
      id: building!.id,
      floors: 0,
      gridCode: '',
    });
    expect(cleared.building).toMatchObject({ name: '1号楼', floors: 0 });
    // proto3 optional: a building in no grid comes without gridCode, not with ''.
    expect(cleared.building!.gridCode).toBeUndefined();

    const got = await call(user(f.communityA, []), 'getBuilding', {
      id: building!.id,
    });
    expect(got.building?.id).toBe(building!.id);
    const list = await call(clerk, 'listBuildings', {
      communityCode: f.communityA,
      limit: 0,
    });
    expect(list.buildings.map((b) => b.id)).toEqual([building!.id]);
    expect(list.nextCursor).toBeUndefined();

    const { household } = await call(clerk, 'createHousehold', {
      householdNo: `G-${f.street}-1`,
      address: '1号楼101',
      buildingId: building!.id,
      entrance: '1',
      room: '101',
    });
    expect(household).toMatchObject({ buildingId: building!.id, room: '101' });
    const updated = await call(clerk, 'updateHousehold', {
      id: household!.id,
      room: '102',
    });
    expect(updated.household).toMatchObject({ room: '102', entrance: '1', address: '1号楼101' });

    // Known by its address only: building, entrance, room and grid all come absent, not ''.
    const bare = await call(clerk, 'createHousehold', {
      householdNo: `G-${f.street}-bare`,
      address: '甲路3号',
      communityCode: f.communityA,
    });
    const read = await call(clerk, 'getHousehold', { id: bare.household!.id });
    for (const h of [bare.household!, read.household!]) {
      expect([h.buildingId, h.entrance, h.room, h.gridCode]).toEqual([
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
      expect(h.address).toBe('甲路3号');
    }
  });

  it('masks, reveals with permission and purpose, and maps errors to status codes with their codes', async () => {
    const { household } = await call(clerk, 'createHousehold', {
      householdNo: `G-${f.street}-2`,
      address: '2号',
      gridCode: f.gridA2,
    });
    const idNumber = nextIdNumber();
    const phone = nextPhone();
    const create = (overrides: Partial<peopleV1.CreateResidentRequest>) =>
      call(clerk, 'createResident', {
        name: '郑一',
        idNumber,
        phone,
        householdId: household!.id,
        movedInOn: '2021-03-04',
        ...overrides,
      });
    const { resident } = await create({});
    expect(resident).toMatchObject({
      name: '郑一',
      nameInitials: 'zy',
      relation: 'other',
      revealed: false,
      birthDate: '',
      tagsVisible: false,
      tags: [],
      gridCode: f.gridA2,
    });
    expect(resident!.idNumber).toMatch(/^440106\*{8}/);
    expect(resident!.phone).toMatch(/^\d{3}\*{4}\d{4}$/);

    const invalid = await failure(create({ idNumber: '440106199001011230' }));
    expect(invalid).toMatchObject({ kind: 'invalid', code: 'registry.invalid_id_number' });
    expect(invalid.details[0].field).toBe('idNumber');
    expect(await failure(create({}))).toMatchObject({ kind: 'conflict', code: 'registry.resident_exists' });

    const id = resident!.id;
    const refused = await failure(
      call(user(f.street, []), 'getResident', { id, reveal: true, purpose: '核对' }),
    );
    expect(refused).toMatchObject({ kind: 'forbidden', code: 'registry.pii_forbidden' });
    const officer = user(f.street, [PERMISSIONS.readPii]);
    const noPurpose = await failure(call(officer, 'getResident', { id, reveal: true, purpose: '' }));
    expect(noPurpose.details[0].field).toBe('purpose');
    const clear = await call(officer, 'getResident', {
      id,
      reveal: true,
      purpose: '核对',
    });
    expect(clear.resident).toMatchObject({ idNumber, phone, revealed: true });
    const outside = await failure(
      call(user(f.communityB, ALL), 'getResident', { id, reveal: false, purpose: '' }),
    );
    expect(outside).toMatchObject({ kind: 'not_found', code: 'registry.resident_not_found' });

    // Optional fields: only what is present changes; an empty phone removes it.
    const renamed = await call(clerk, 'updateResident', {
      id,
      name: '郑二',
    });
    expect(renamed.resident).toMatchObject({ name: '郑二', phone: resident!.phone });
    const noPhone = await call(clerk, 'updateResident', {
      id,
      phone: '',
    });
    expect(noPhone.resident).toMatchObject({ name: '郑二', phone: '' });
  });

  it('moves residents, answers where they lived, tags and searches', async () => {
    const households: string[] = [];
    for (const gridCode of [f.gridA1, f.gridB1]) {
      const { household } = await call(clerk, 'createHousehold', {
        householdNo: `G-${f.street}-${gridCode}`,
        address: 'x',
        gridCode,
      });
      households.push(household!.id);
    }
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const { resident } = await call(clerk, 'createResident', {
        name: `冯${'一二三四五'[i]}`,
        idNumber: nextIdNumber(),
        relation: i === 0 ? 'head' : 'child',
        householdId: households[0],
        movedInOn: '2020-01-01',
      });
      ids.push(resident!.id);
    }
    const moved = await call(clerk, 'moveResident', {
      id: ids[0],
      householdId: households[1],
      date: '2022-07-01',
    });
    expect(moved.resident).toMatchObject({ householdId: households[1], gridCode: f.gridB1 });
    const then = await call(clerk, 'whereLived', {
      id: ids[0],
      date: '2021-01-01',
    });
    expect(then.residence).toMatchObject({
      householdId: households[0],
      gridCode: f.gridA1,
      validFrom: '2020-01-01',
      validTo: '2022-07-01',
    });
    const now = await call(clerk, 'whereLived', {
      id: ids[0],
      date: '2023-01-01',
    });
    expect(now.residence).toMatchObject({ householdId: households[1], validTo: '' });

    const carer = user(f.street, [PERMISSIONS.readSpecialPopulation]);
    // Errors about non-ASCII input still reach the caller with their code (trailers are ASCII-only).
    const unknown = await failure(
      call(carer, 'setResidentTag', { residentId: ids[1], tag: '独居', note: '' }),
    );
    expect(unknown).toMatchObject({ kind: 'invalid', code: 'registry.unknown_tag' });
    expect(unknown.details[0].field).toBe('tag');
    const badCommunity = await failure(
      call(clerk, 'createBuilding', {
        name: '楼',
        communityCode: '甲社区',
        lat: 23,
        lng: 113,
      }),
    );
    expect(badCommunity).toMatchObject({ kind: 'invalid', code: 'registry.invalid_unit_code' });
    const { tag } = await call(carer, 'setResidentTag', {
      residentId: ids[1],
      tag: 'left_behind_child',
    });
    expect(tag).toMatchObject({ tag: 'left_behind_child', labelZh: '留守儿童', note: '' });
    const seen = await call(carer, 'getResident', {
      id: ids[1],
      reveal: false,
    });
    expect(seen.resident).toMatchObject({
      tagsVisible: true,
      tags: [expect.objectContaining({ tag: 'left_behind_child' })],
    });
    await call(carer, 'removeResidentTag', { residentId: ids[1], tag: 'left_behind_child' });
    const gone = await call(carer, 'getResident', {
      id: ids[1],
      reveal: false,
    });
    expect(gone.resident).toMatchObject({ tagsVisible: true, tags: [] });

    const { household, members } = await call(clerk, 'getHousehold', {
      id: households[0],
    });
    expect(household?.id).toBe(households[0]);
    expect(members).toHaveLength(4);

    const seenIds: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call(clerk, 'searchResidents', {
        namePrefix: '冯',
        unitCode: f.street,
        cursor,
        limit: 2,
      });
      seenIds.push(...page.residents.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect([...seenIds].sort()).toEqual([...ids].sort());
    expect(new Set(seenIds).size).toBe(5);
  });
});
