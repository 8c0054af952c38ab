import { randomUUID } from 'node:crypto';
import { PERMISSIONS } from '../../src/scope/data-scope.js';
import type { SiteInput } from '../../src/sites/service-sites.service.js';
import { pathOfCode } from '../../src/units/unit-levels.js';
import { as, domainError, startSites, user, type SitesFixture } from './sites-fixture.js';

const WEEKDAY_HOURS = {
  mon: [
    ['14:00', '17:30'],
    ['09:00', '12:00'],
  ],
  tue: [['09:00', '17:30']],
  sat: [['09:00', '12:00']],
};

/** Creating, validating, changing, reading and listing service sites, on real PostgreSQL. */
describe('service sites', () => {
  let f: SitesFixture;
  const clerk = () => user(f.district, [PERMISSIONS.write]);
  const station = (over: Partial<SiteInput> = {}): SiteInput => ({
    name: '甲社区党群服务站',
    kind: 'station',
    unitCode: f.communityA,
    address: '甲路1号',
    lat: 23.1,
    lng: 113.3,
    functions: ['party_activities', '便民服务', 'deliberation'],
    openingHours: WEEKDAY_HOURS,
    ...over,
  });

  beforeAll(async () => {
    f = await startSites(11);
  });

  afterAll(async () => {
    await f?.close();
  });

  it('creates a station for a community and a centre for a street', async () => {
    const created = await as(clerk(), () => f.sites.create(station()));
    expect(created).toMatchObject({
      name: '甲社区党群服务站',
      kind: 'station',
      unitCode: f.communityA,
      path: pathOfCode(f.communityA),
      address: '甲路1号',
      lat: 23.1,
      lng: 113.3,
    });
    // Chinese labels are accepted and stored as codes, in catalogue order.
    expect(created.functions.map((x) => x.code)).toEqual([
      'party_activities',
      'deliberation',
      'convenience_services',
    ]);
    expect(created.functions[0]).toEqual({
      code: 'party_activities',
      zh: '党员活动',
      en: 'Party member activities',
    });
    // Ranges come back sorted; days without hours are left out.
    expect(created.openingHours).toEqual({
      mon: [
        ['09:00', '12:00'],
        ['14:00', '17:30'],
      ],
      tue: [['09:00', '17:30']],
      sat: [['09:00', '12:00']],
    });
    const [stored] = await f.dataSource.query(
      `SELECT functions, opening_hours FROM service_sites WHERE id = $1`,
      [created.id],
    );
    expect(stored.functions).toEqual(['party_activities', 'deliberation', 'convenience_services']);

    const centre = await as(clerk(), () =>
      f.sites.create(
        station({ name: '甲街道党群服务中心', kind: 'center', unitCode: f.street, address: '' }),
      ),
    );
    expect(centre).toMatchObject({ kind: 'center', unitCode: f.street, address: '' });
  });

  it('refuses a kind that does not fit the level of the unit', async () => {
    for (const [kind, unitCode] of [
      ['center', () => f.communityA],
      ['station', () => f.street],
      ['station', () => f.district],
      ['center', () => f.district],
    ] as const) {
      const error = await domainError(
        as(clerk(), () => f.sites.create(station({ kind, unitCode: unitCode() }))),
      );
      expect(error).toMatchObject({ kind: 'invalid', code: 'registry.site_kind_mismatch' });
    }
    const unknown = await domainError(as(clerk(), () => f.sites.create(station({ kind: 'hub' }))));
    expect(unknown).toMatchObject({ kind: 'invalid', code: 'registry.invalid_site' });
    expect(unknown.details[0].field).toBe('kind');
    const badCode = await domainError(as(clerk(), () => f.sites.create(station({ unitCode: 'x1' }))));
    expect(badCode.code).toBe('registry.invalid_unit_code');
  });

  it('refuses malformed, inverted and overlapping hours, naming the day and range', async () => {
    const cases: [unknown, string, RegExp][] = [
      [{ mon: [['9:00', '12:00']] }, 'openingHours.mon[0]', /HH:MM/],
      [{ mon: [['09:00', '25:00']] }, 'openingHours.mon[0]', /HH:MM/],
      [{ mon: [['09:00']] }, 'openingHours.mon[0]', /HH:MM/],
      [{ tue: [['17:00', '09:00']] }, 'openingHours.tue[0]', /must end after it starts/],
      [{ tue: [['09:00', '09:00']] }, 'openingHours.tue[0]', /must end after it starts/],
      [{ funday: [['09:00', '12:00']] }, 'openingHours', /days are mon/],
      [{ wed: '09:00-12:00' }, 'openingHours.wed', /list/],
      [['09:00', '12:00'], 'openingHours', /must map days/],
      [
        {
          thu: [
            ['09:00', '12:00'],
            ['11:30', '14:00'],
          ],
        },
        'openingHours.thu',
        /09:00–12:00 and 11:30–14:00 overlap/,
      ],
      [
        {
          fri: [
            ['13:00', '18:00'],
            ['08:00', '20:00'],
          ],
        },
        'openingHours.fri',
        /overlap/,
      ],
    ];
    for (const [hours, field, message] of cases) {
      const error = await domainError(as(clerk(), () => f.sites.create(station({ openingHours: hours }))));
      expect(error).toMatchObject({ kind: 'invalid', code: 'registry.invalid_site' });
      expect(error.details).toEqual([
        expect.objectContaining({ field, message: expect.stringMatching(message) }),
      ]);
    }
  });

  it('collects every problem of a site in one error, without echoing free text', async () => {
    const error = await domainError(
      as(clerk(), () =>
        f.sites.create(station({ name: ' ', lat: 0, lng: 0, functions: ['karaoke<script>'] })),
      ),
    );
    expect(error.code).toBe('registry.invalid_site');
    expect(error.details.map((d) => d.field)).toEqual(['name', 'lat', 'lng', 'functions[0]']);
    expect(JSON.stringify(error.details)).not.toContain('karaoke');
  });

  it('does not disclose units outside the scope and needs registry:write to change anything', async () => {
    const outside = await domainError(
      as(user(f.street2, [PERMISSIONS.write]), () => f.sites.create(station())),
    );
    expect(outside).toMatchObject({ kind: 'not_found', code: 'registry.unit_not_found' });
    const missing = await domainError(
      as(clerk(), () => f.sites.create(station({ unitCode: `${f.street}099` }))),
    );
    expect(missing.kind).toBe('not_found');
    const reader = await domainError(as(user(f.district, []), () => f.sites.create(station())));
    expect(reader).toMatchObject({ kind: 'forbidden', code: 'registry.write_forbidden' });
    const nobody = await domainError(f.sites.create(station()));
    expect(nobody.kind).toBe('unauthenticated');
  });

  it('updates what is given and keeps the rest; scope and permission hold for changes', async () => {
    const site = await as(clerk(), () => f.sites.create(station({ name: '待改站' })));
    const updated = await as(clerk(), () =>
      f.sites.update(site.id, { name: '已改站', openingHours: { sun: [['10:00', '16:00']] }, functions: [] }),
    );
    expect(updated).toMatchObject({
      id: site.id,
      name: '已改站',
      kind: 'station',
      unitCode: f.communityA,
      address: '甲路1号',
      lat: 23.1,
      functions: [],
      openingHours: { sun: [['10:00', '16:00']] },
    });
    const moved = await as(clerk(), () => f.sites.update(site.id, { lat: 23.2, address: '' }));
    expect(moved).toMatchObject({ lat: 23.2, lng: 113.3, address: '', name: '已改站' });

    const bad = await domainError(
      as(clerk(), () => f.sites.update(site.id, { openingHours: { mon: [['08:00', '07:00']] }, lng: 200 })),
    );
    expect(bad.details.map((d) => d.field)).toEqual(['lng', 'openingHours.mon[0]']);
    expect((await as(clerk(), () => f.sites.get(site.id))).name).toBe('已改站');

    const outside = await domainError(
      as(user(f.street2, [PERMISSIONS.write]), () => f.sites.update(site.id, { name: 'x' })),
    );
    expect(outside).toMatchObject({ kind: 'not_found', code: 'registry.site_not_found' });
    const reader = await domainError(as(user(f.district, []), () => f.sites.update(site.id, { name: 'x' })));
    expect(reader.kind).toBe('forbidden');
    for (const id of [randomUUID(), 'not-a-uuid']) {
      expect((await domainError(as(clerk(), () => f.sites.update(id, { name: 'x' })))).code).toBe(
        'registry.site_not_found',
      );
    }
  });

  it('announces created, changed and moved sites in the outbox, without names or addresses', async () => {
    const since = new Date();
    const site = await as(clerk(), () => f.sites.create(station({ name: '事件站', address: '事件路8号' })));
    await as(clerk(), () => f.sites.update(site.id, { functions: ['deliberation'] }));
    await as(clerk(), () => f.sites.update(site.id, { lng: 113.31 }));
    const rows: { subject: string; payload: Record<string, unknown>; text: string }[] =
      await f.dataSource.query(
        `SELECT subject, payload, payload::text AS text FROM outbox
       WHERE created_at >= $1 AND payload->>'id' = $2 ORDER BY created_at`,
        [since, site.id],
      );
    expect(rows.map((r) => [r.subject, r.payload.change])).toEqual([
      ['registry.v1.site-changed', 'created'],
      ['registry.v1.site-changed', 'updated'],
      ['registry.v1.site-changed', 'moved'],
    ]);
    expect(rows[0].payload).toEqual({
      id: site.id,
      kind: 'station',
      unitCode: f.communityA,
      path: pathOfCode(f.communityA),
      change: 'created',
      occurredAt: expect.any(String),
    });
    for (const row of rows) {
      expect(row.text).not.toContain('事件');
    }
    // A refused change writes nothing.
    await domainError(as(clerk(), () => f.sites.update(site.id, { lng: 200 })));
    const after: unknown[] = await f.dataSource.query(
      `SELECT 1 FROM outbox WHERE created_at >= $1 AND payload->>'id' = $2`,
      [since, site.id],
    );
    expect(after).toHaveLength(3);
  });

  it('reads a site only inside the scope, with its functions labelled and whether it is open', async () => {
    const site = await as(clerk(), () => f.sites.create(station({ name: '读取站' })));
    const mondayMorning = new Date('2025-06-02T02:00:00Z'); // Monday 10:00 in China
    const got = await as(user(f.communityA, []), () => f.sites.get(site.id, mondayMorning));
    expect(got).toMatchObject({ id: site.id, openNow: true });
    expect(
      (await as(user(f.communityA, []), () => f.sites.get(site.id, new Date('2025-06-01T02:00:00Z'))))
        .openNow,
    ).toBe(false);
    const hidden = await domainError(as(user(f.communityB, []), () => f.sites.get(site.id)));
    expect(hidden).toMatchObject({ kind: 'not_found', code: 'registry.site_not_found' });

    // Rows written by the demo hold Chinese labels; unknown values are left out rather than shown raw.
    const demoId = randomUUID();
    await f.dataSource.query(
      `INSERT INTO service_sites (id, name, kind, unit_code, path, lat, lng, functions)
       VALUES ($1, '演示站', 'station', $2, $3, 23.1, 113.3, $4)`,
      [demoId, f.communityB, pathOfCode(f.communityB), ['党员活动', '议事协商', '奇怪功能']],
    );
    const demo = await as(clerk(), () => f.sites.get(demoId));
    expect(demo.functions.map((x) => x.code)).toEqual(['party_activities', 'deliberation']);
    expect(demo.openNow).toBe(false);
  });

  it('lists a unit subtree by name with keyset pages and filters', async () => {
    const names = ['列表站丙', '列表站甲', '列表站乙'];
    for (const name of names)
      await as(clerk(), () => f.sites.create(station({ name, unitCode: f.communityC })));
    await as(clerk(), () =>
      f.sites.create(
        station({ name: '列表中心', kind: 'center', unitCode: f.street2, functions: ['legal_aid'] }),
      ),
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<SitesFixture['sites']['list']>> = await as(user(f.street2, []), () =>
        f.sites.list({ unitCode: f.street2, cursor, limit: 3 }),
      );
      seen.push(...page.sites.map((s) => s.name));
      cursor = page.next;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(2);
    expect(seen).toEqual([...names, '列表中心'].sort());

    const community = await as(clerk(), () => f.sites.list({ unitCode: f.communityC }));
    expect(community.sites.map((s) => s.name)).toEqual([...names].sort());
    const centres = await as(clerk(), () => f.sites.list({ unitCode: f.district, kind: 'center' }));
    expect(centres.sites.every((s) => s.kind === 'center')).toBe(true);
    expect(centres.sites.map((s) => s.name)).toContain('列表中心');
    const legal = await as(clerk(), () => f.sites.list({ unitCode: f.district, function: '法律援助' }));
    expect(legal.sites.map((s) => s.name)).toEqual(['列表中心']);

    const outside = await domainError(as(user(f.street, []), () => f.sites.list({ unitCode: f.street2 })));
    expect(outside).toMatchObject({ kind: 'not_found', code: 'registry.unit_not_found' });
    // A district-wide list by a street clerk is refused, not narrowed silently.
    expect(
      (await domainError(as(user(f.street, []), () => f.sites.list({ unitCode: f.district })))).kind,
    ).toBe('not_found');
    for (const query of [
      { unitCode: f.district, cursor: 'bogus!' },
      { unitCode: f.district, limit: 0 },
      { unitCode: f.district, limit: 501 },
      { unitCode: f.district, kind: 'hub' },
      { unitCode: f.district, function: 'karaoke' },
    ]) {
      expect((await domainError(as(clerk(), () => f.sites.list(query)))).kind).toBe('invalid');
    }
  });
});
