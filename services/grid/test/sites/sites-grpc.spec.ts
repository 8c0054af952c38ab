import { protoFiles, type sitesV1 } from '@yiwang/contracts';
import { GrpcClient, IdentityContext, type Identity } from '@yiwang/platform';
import { freePort } from '@yiwang/testing';
import type { Observable } from 'rxjs';
import { PERMISSIONS } from '../../src/scope/data-scope.js';
import { addBuilding, domainError, north, startSites, user, type SitesFixture } from './sites-fixture.js';

type Client = GrpcClient<sitesV1.SiteServiceClient>;
type Method = Extract<keyof sitesV1.SiteServiceClient, string>;
type RequestOf<K extends Method> = Parameters<sitesV1.SiteServiceClient[K]>[0];
type ResponseOf<K extends Method> =
  ReturnType<sitesV1.SiteServiceClient[K]> extends Observable<infer R> ? R : never;

const WEEK: sitesV1.WeeklyHours = {
  days: [
    {
      day: 'mon',
      ranges: [
        { start: '14:00', end: '17:30' },
        { start: '09:00', end: '12:00' },
      ],
    },
    { day: 'sat', ranges: [{ start: '09:00', end: '12:00' }] },
  ],
};

/** The SiteService over real gRPC: proto3 defaults, optional and wrapper fields, identity, error codes. */
describe('SiteService over gRPC', () => {
  let f: SitesFixture;
  let client: Client;
  let clerk: Identity;

  const call = <K extends Method>(
    identity: Identity,
    method: K,
    request: RequestOf<K>,
  ): Promise<ResponseOf<K>> =>
    IdentityContext.run(identity, () => client.call(method, request as never) as Promise<ResponseOf<K>>);

  const create = (over: Partial<sitesV1.CreateSiteRequest> = {}) =>
    call(clerk, 'createSite', {
      name: '甲社区党群服务站',
      kind: 'station',
      unitCode: f.communityA,
      address: '甲路1号',
      lat: 23.0,
      lng: 113.0,
      functions: ['party_activities', '养老服务'],
      openingHours: WEEK,
      ...over,
    });

  beforeAll(async () => {
    const port = await freePort();
    f = await startSites(13, { grpcPort: port, circleMeters: '1000' });
    client = new GrpcClient({
      protoFiles: protoFiles.grid,
      service: 'yiwang.grid.v1.SiteService',
      address: `127.0.0.1:${port}`,
    });
    clerk = user(f.district, [PERMISSIONS.write]);
  });

  afterAll(async () => {
    client?.close();
    await f?.close();
  });

  it('creates, updates, reads and lists sites', async () => {
    const { site } = await create();
    expect(site).toMatchObject({
      name: '甲社区党群服务站',
      kind: 'station',
      unitCode: f.communityA,
      functions: [
        { code: 'party_activities', labelZh: '党员活动', labelEn: 'Party member activities' },
        { code: 'elderly_care', labelZh: '养老服务', labelEn: 'Elderly care' },
      ],
      openingHours: {
        days: [
          {
            day: 'mon',
            ranges: [
              { start: '09:00', end: '12:00' },
              { start: '14:00', end: '17:30' },
            ],
          },
          { day: 'sat', ranges: [{ start: '09:00', end: '12:00' }] },
        ],
      },
    });
    expect(typeof site!.openNow).toBe('boolean');

    // Absent fields stay; present wrappers replace (an empty function list clears them).
    const renamed = await call(clerk, 'updateSite', {
      id: site!.id,
      name: '新站名',
      functions: undefined,
      openingHours: undefined,
    });
    expect(renamed.site).toMatchObject({ name: '新站名', address: '甲路1号', lat: 23.0 });
    expect(renamed.site!.functions).toHaveLength(2);
    expect(renamed.site!.openingHours!.days).toHaveLength(2);
    const cleared = await call(clerk, 'updateSite', {
      id: site!.id,
      address: '',
      functions: { codes: [] },
      openingHours: { days: [{ day: 'sun', ranges: [{ start: '00:00', end: '24:00' }] }] },
    });
    expect(cleared.site).toMatchObject({ name: '新站名', address: '', functions: [] });
    // Open all Sunday (China time), closed otherwise.
    const sundayInChina = () => new Date(Date.now() + 8 * 3_600_000).getUTCDay() === 0;
    const before = sundayInChina();
    const now = await call(clerk, 'getSite', { id: site!.id });
    if (before === sundayInChina()) expect(now.site!.openNow).toBe(before);
    expect(cleared.site!.openingHours).toEqual({
      days: [{ day: 'sun', ranges: [{ start: '00:00', end: '24:00' }] }],
    });

    const got = await call(user(f.communityA, []), 'getSite', { id: site!.id });
    expect(got.site!.id).toBe(site!.id);

    await create({ name: '乙社区党群服务站', unitCode: f.communityB });
    await create({ name: '甲街道党群服务中心', kind: 'center', unitCode: f.street });
    const first = await call(clerk, 'listSites', {
      unitCode: f.street,
      limit: 2,
    });
    expect(first.sites).toHaveLength(2);
    expect(first.nextCursor).not.toBe('');
    const second = await call(clerk, 'listSites', {
      unitCode: f.street,
      cursor: first.nextCursor,
      limit: 2,
    });
    expect(second.nextCursor).toBeUndefined();
    expect([...first.sites, ...second.sites].map((s) => s.name).sort()).toEqual(
      ['新站名', '乙社区党群服务站', '甲街道党群服务中心'].sort(),
    );
    const centres = await call(clerk, 'listSites', {
      unitCode: f.street,
      kind: 'center',
      limit: 0,
    });
    expect(centres.sites.map((s) => s.name)).toEqual(['甲街道党群服务中心']);
  });

  it('maps refusals to status codes with the error code', async () => {
    const overlap = await domainError(
      create({
        openingHours: {
          days: [
            { day: 'tue', ranges: [{ start: '09:00', end: '12:00' }] },
            { day: 'tue', ranges: [{ start: '11:00', end: '13:00' }] },
          ],
        },
      }),
    );
    expect(overlap).toMatchObject({ kind: 'invalid', code: 'registry.invalid_site' });
    expect(await domainError(create({ kind: 'center' }))).toMatchObject({
      kind: 'invalid',
      code: 'registry.site_kind_mismatch',
    });
    const outside = await domainError(
      call(user(f.street2, [PERMISSIONS.write]), 'createSite', {
        name: 'x',
        kind: 'station',
        unitCode: f.communityA,
        address: '',
        lat: 23,
        lng: 113,
        functions: [],
        openingHours: undefined,
      }),
    );
    expect(outside).toMatchObject({ kind: 'not_found', code: 'registry.unit_not_found' });
    const reader = await domainError(
      call(user(f.district, []), 'updateSite', {
        id: '00000000-0000-4000-8000-000000000000',
        functions: undefined,
        openingHours: undefined,
      }),
    );
    expect(reader).toMatchObject({ kind: 'forbidden', code: 'registry.write_forbidden' });
    expect(await domainError(call(clerk, 'getSite', { id: 'nope' }))).toMatchObject({
      kind: 'not_found',
      code: 'registry.site_not_found',
    });
  });

  it('computes coverage with the configured radius by default and an override', async () => {
    const origin = { lat: 24, lng: 113 };
    const { site } = await create({ name: '丙社区党群服务站', unitCode: f.communityC, ...origin });
    await addBuilding(f.dataSource, f.communityC, '近楼', north(origin, 900), 2);
    await addBuilding(f.dataSource, f.communityC, '远楼', north(origin, 1200), 3);
    const report = await call(clerk, 'coverage', {
      unitCode: f.communityC,
    });
    expect(report).toMatchObject({
      unitCode: f.communityC,
      unitName: '丙社区',
      level: 'community',
      radiusMeters: 1000,
      communities: [
        {
          communityCode: f.communityC,
          communityName: '丙社区',
          tally: { buildings: 2, buildingsCovered: 1, households: 5, householdsCovered: 2, share: 0.4 },
        },
      ],
      uncoveredBuildingsTotal: 1,
    });
    const [far] = report.uncoveredBuildings;
    expect(far).toMatchObject({
      name: '远楼',
      communityCode: f.communityC,
      households: 3,
      nearestSiteId: site!.id,
      nearestSiteName: '丙社区党群服务站',
    });
    expect(Math.abs(far.nearestSiteMeters - 1200)).toBeLessThan(1);

    const wide = await call(clerk, 'coverage', {
      unitCode: f.communityC,
      radiusMeters: 1500,
      uncoveredLimit: 10,
    });
    expect(wide.total).toMatchObject({ householdsCovered: 5, share: 1 });
    expect(
      await domainError(call(clerk, 'coverage', { unitCode: f.communityC, radiusMeters: 20 })),
    ).toMatchObject({
      kind: 'invalid',
      code: 'registry.invalid_radius',
    });
    expect(await domainError(call(user(f.street, []), 'coverage', { unitCode: f.communityC }))).toMatchObject(
      { kind: 'not_found', code: 'registry.unit_not_found' },
    );
  });
});
