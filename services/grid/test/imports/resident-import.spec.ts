import { createHash } from 'node:crypto';
import pg from 'pg';
import { testDatabaseUrl } from '@yiwang/testing';
import { INTERRUPTED } from '../../src/imports/import-job.repository.js';
import { bufferSource, type ImportReport } from '../../src/imports/resident-import.service.js';
import { PERMISSIONS, scopeOf, SYSTEM_SCOPE, type DataScope } from '../../src/scope/data-scope.js';
import { chinaToday } from '../../src/shared/china-date.js';
import { pathOfCode } from '../../src/units/unit-levels.js';
import { as, domainError, user } from '../people-integration/people-fixture.js';
import {
  csvLine,
  expectConsistent,
  HEADER,
  idNumber,
  idNumberWithBadDate,
  startImports,
  withBadChecksum,
  type ImportFixture,
  type Row,
} from './import-fixture.js';

const NO_COMMUNITY = 'community_code is not a community within your data scope';

describe('resident import: CSV rows into households and residents', () => {
  let f: ImportFixture;
  let clerkScope: DataScope;
  let ids: string[];
  let good: Row[];
  let text: string;
  let first: ImportReport;
  const hh = (n: number) => `IMP-${f.street}-${n}`;

  const run = (scope: DataScope, content: string, batchSize?: number) =>
    f.imports.import(scope, bufferSource('registry.csv', Buffer.from(content, 'utf8')), { batchSize });

  const errorsOf = async (jobId: string): Promise<Record<number, string>> => {
    const rows: { line: number; reason: string }[] = await f.dataSource.query(
      `SELECT line, reason FROM import_errors WHERE job_id = $1 ORDER BY line`,
      [jobId],
    );
    return Object.fromEntries(rows.map((r) => [r.line, r.reason]));
  };

  const resident = async (id: string) => {
    const [row] = await f.dataSource.query(
      `SELECT r.id, r.name, r.name_initials AS "nameInitials", r.relation, r.gender, r.birth_date::text AS "birthDate",
         r.id_number_enc AS "idEnc", r.phone_enc AS "phoneEnc", r.path, r.grid_code AS "gridCode",
         h.household_no AS "householdNo", h.id AS "householdId"
       FROM residents r LEFT JOIN households h ON h.id = r.household_id WHERE r.id_number_hash = $1`,
      [f.cipher.lookupHash('id', id)],
    );
    return row;
  };

  const outboxFor = async (since: Date) =>
    f.dataSource.query(
      `SELECT subject, payload, payload::text AS text FROM outbox
       WHERE payload->>'path' LIKE $1 AND created_at >= $2 ORDER BY created_at`,
      [`${pathOfCode(f.district)}.%`, since],
    );

  beforeAll(async () => {
    f = await startImports();
    clerkScope = scopeOf(user(f.street, [PERMISSIONS.import, PERMISSIONS.write]));
    ids = Array.from({ length: 8 }, () => idNumber());
    const a = f.communityA;
    good = [
      {
        household_no: hh(1),
        community_code: a,
        building: '1栋',
        entrance: '1',
        room: '101',
        address: '甲社区1栋1单元101',
        name: '张伟',
        id_number: ids[0],
        phone: '138-0000-0001',
        relation: 'head',
      },
      {
        household_no: hh(1),
        community_code: a,
        building: '1栋',
        entrance: '1',
        room: '101',
        address: '甲社区1栋1单元101',
        name: '李娜',
        id_number: ids[1].toLowerCase(),
        relation: '配偶',
      },
      {
        household_no: hh(1),
        community_code: a,
        building: '1栋',
        entrance: '1',
        room: '101',
        address: '甲社区1栋1单元101',
        name: '张小明',
        id_number: ids[2],
        relation: 'child',
      },
      {
        household_no: hh(2),
        community_code: a,
        building: '2栋',
        room: '201',
        address: '甲社区2栋201',
        name: '王芳',
        id_number: ids[3],
        phone: '+86 139 0000 0002',
        relation: 'head',
      },
      {
        household_no: hh(3),
        community_code: f.communityB,
        address: '乙社区散居3号',
        name: '赵强',
        id_number: ids[4],
      },
    ];
    const bad = (overrides: Partial<Row>): Row => ({
      household_no: hh(9),
      community_code: a,
      address: '甲社区9号',
      name: '钱九',
      id_number: idNumber(),
      ...overrides,
    });
    const late: Row = {
      household_no: hh(6),
      community_code: a,
      building: '1栋',
      entrance: '2',
      room: '202',
      address: '甲社区1栋"东"2单元202, 北侧',
      name: '吴六',
      id_number: ids[5],
      relation: '户主',
    };
    const lines = [
      HEADER, // 1
      ...good.map(csvLine), // 2–6
      csvLine(bad({ id_number: withBadChecksum(idNumber()) })), // 7
      csvLine(bad({ id_number: idNumberWithBadDate() })), // 8
      csvLine(bad({ community_code: `${f.street}099` })), // 9: no such community
      csvLine(bad({ community_code: f.communityOther })), // 10: outside the clerk's street
      csvLine(bad({ name: '  ' })), // 11
      csvLine(bad({ phone: '12345' })), // 12
      csvLine(bad({ relation: 'cousin' })), // 13
      csvLine(bad({ household_no: hh(4), id_number: ids[0] })), // 14: line 2's ID number again
      `${hh(5)},${a},,,,甲社区5号,孙"五,${idNumber()},,`, // 15: stray quote
      `${hh(5)},${a},,,,甲社区5号,孙五,${idNumber()},`, // 16: 9 fields
      csvLine({ ...good[0], room: '102', name: '周七', id_number: idNumber(), phone: '', relation: '' }), // 17
      csvLine(bad({ community_code: f.communityBare, building: '9栋' })), // 18: nowhere to put a new building
      '', // 19: blank, not a row
      csvLine(late), // 20: after all the bad ones, with a quoted address
    ];
    text = lines.join('\n') + '\n';
    good.push(late);
  });

  afterAll(() => f?.close());

  it('imports the good rows and records every bad row with its line and a reason that echoes nothing', async () => {
    first = await run(clerkScope, text, 4);
    expect(first).toMatchObject({
      status: 'done',
      failure: null,
      rowsRead: 18,
      rowsImported: 6,
      rowsUnchanged: 0,
      rowsFailed: 12,
      created: { residents: 6, households: 4, buildings: 2 },
      updated: { residents: 0, households: 0 },
    });
    expectConsistent(first);
    expect(await errorsOf(first.jobId)).toEqual({
      7: 'id_number checksum does not match',
      8: 'id_number birth date is not a real calendar date',
      9: NO_COMMUNITY,
      10: NO_COMMUNITY,
      11: 'name is required',
      12: 'phone must be an 11-digit mainland mobile number starting with 13 to 19',
      13: 'relation must be one of head, spouse, child, parent, other (or 户主, 配偶, 子女, 父母, 其他)',
      14: 'id_number appears again (first on line 2)',
      15: 'the line has a stray or unclosed quote (")',
      16: 'the row has 9 fields, the header has 10',
      17: 'household_no: community_code, building, entrance, room or address differ from line 2 of the same household',
      18: 'building is not registered and its community has neither a boundary nor grids to place a new one at (register the building first)',
    });

    const head = await resident(ids[0]);
    expect(head).toMatchObject({
      name: '张伟',
      nameInitials: 'zw',
      relation: 'head',
      householdNo: hh(1),
      path: pathOfCode(f.communityA),
      gridCode: null,
    });
    expect(f.cipher.decrypt(head.idEnc)).toBe(ids[0]);
    expect(f.cipher.decrypt(head.phoneEnc)).toBe('13800000001');
    const spouse = await resident(ids[1]);
    expect(spouse).toMatchObject({ relation: 'spouse', householdId: head.householdId, phoneEnc: null });
    expect(f.cipher.decrypt(spouse.idEnc)).toBe(ids[1].toUpperCase());
    expect(await resident(ids[4])).toMatchObject({ relation: 'other', path: pathOfCode(f.communityB) });
    expect(f.cipher.decrypt((await resident(ids[3])).phoneEnc)).toBe('13900000002');
    expect(await resident(ids[5])).toMatchObject({ relation: 'head', householdNo: hh(6) });

    const households = await f.dataSource.query(
      `SELECT h.household_no AS no, h.address, h.entrance, h.room, b.name AS building, b.lat, b.lng, b.grid_code AS "gridCode"
       FROM households h LEFT JOIN buildings b ON b.id = h.building_id WHERE h.household_no LIKE $1 ORDER BY 1`,
      [`IMP-${f.street}-%`],
    );
    expect(households).toEqual([
      expect.objectContaining({ no: hh(1), building: '1栋', entrance: '1', room: '101', gridCode: null }),
      expect.objectContaining({ no: hh(2), building: '2栋', entrance: null, room: '201' }),
      expect.objectContaining({ no: hh(3), building: null, address: '乙社区散居3号' }),
      expect.objectContaining({ no: hh(6), address: '甲社区1栋"东"2单元202, 北侧' }),
    ]);
    // New buildings stand at the community's centre until someone places them.
    expect(households[0].lat).toBeCloseTo(23.11, 6);
    expect(households[0].lng).toBeCloseTo(113.31, 6);

    const residences = await f.dataSource.query(
      `SELECT s.valid_from::text AS "from", s.valid_to AS "to", s.household_id = r.household_id AS "same"
       FROM residences s JOIN residents r ON r.id = s.resident_id WHERE r.id_number_hash = $1`,
      [f.cipher.lookupHash('id', ids[2])],
    );
    expect(residences).toEqual([{ from: chinaToday(), to: null, same: true }]);

    const [job] = await f.dataSource.query(`SELECT * FROM import_jobs WHERE id = $1`, [first.jobId]);
    expect(job).toMatchObject({
      status: 'done',
      file_name: 'registry.csv',
      file_sha256: createHash('sha256').update(text).digest('hex'),
      total_bytes: String(Buffer.byteLength(text)),
      bytes_read: String(Buffer.byteLength(text)),
      rows_read: 18,
      rows_imported: 6,
      rows_unchanged: 0,
      rows_failed: 12,
      started_by: clerkScope.subject,
      scope_path: pathOfCode(f.street),
      failure: null,
    });
    expect(job.finished_at).toBeInstanceOf(Date);
    // One batch at a time is written while the next one is read.
    expect(first.maxRowsInFlight).toBeLessThanOrEqual(2 * 4);
  });

  it('creates nothing when the same file is imported again: every good row is unchanged', async () => {
    const since = new Date();
    const before = await f.dataSource.query(
      `SELECT (SELECT count(*) FROM residents WHERE path LIKE $1)::int AS residents,
              (SELECT count(*) FROM households WHERE path LIKE $1)::int AS households,
              (SELECT count(*) FROM buildings WHERE path LIKE $1)::int AS buildings,
              (SELECT count(*) FROM residences WHERE path LIKE $1)::int AS residences`,
      [`${pathOfCode(f.street)}.%`],
    );
    const again = await run(clerkScope, text);
    expect(again).toMatchObject({
      status: 'done',
      rowsRead: 18,
      rowsImported: 0,
      rowsUnchanged: 6,
      rowsFailed: 12,
      created: { residents: 0, households: 0, buildings: 0 },
      updated: { residents: 0, households: 0 },
    });
    expect(Object.keys(await errorsOf(again.jobId))).toEqual(Object.keys(await errorsOf(first.jobId)));
    const after = await f.dataSource.query(
      `SELECT (SELECT count(*) FROM residents WHERE path LIKE $1)::int AS residents,
              (SELECT count(*) FROM households WHERE path LIKE $1)::int AS households,
              (SELECT count(*) FROM buildings WHERE path LIKE $1)::int AS buildings,
              (SELECT count(*) FROM residences WHERE path LIKE $1)::int AS residences`,
      [`${pathOfCode(f.street)}.%`],
    );
    expect(after).toEqual(before);
    expect(await outboxFor(since)).toEqual([]);
  });

  it('updates a changed row, moves a resident who changed household, and keeps a phone the file leaves out', async () => {
    const since = new Date();
    const changed = [
      HEADER,
      csvLine({ ...good[0], phone: '13800000009' }),
      csvLine(good[1]),
      csvLine({ ...good[3], name: '张小明', id_number: ids[2], phone: '', relation: 'child' }),
      csvLine({ ...good[3], phone: '' }),
      csvLine(good[4]),
    ].join('\r\n');
    const report = await run(SYSTEM_SCOPE, changed);
    expect(report).toMatchObject({
      status: 'done',
      rowsRead: 5,
      rowsImported: 2,
      rowsUnchanged: 3,
      rowsFailed: 0,
      updated: { residents: 2, households: 0 },
    });
    const head = await resident(ids[0]);
    expect(f.cipher.decrypt(head.phoneEnc)).toBe('13800000009');
    expect(f.cipher.decrypt((await resident(ids[3])).phoneEnc)).toBe('13900000002');
    const child = await resident(ids[2]);
    expect(child).toMatchObject({ householdNo: hh(2), relation: 'child' });
    // Moved on the day it moved in: the residence is corrected, not split into a zero-length interval.
    const residences = await f.dataSource.query(
      `SELECT household_id AS "householdId", valid_from::text AS "from", valid_to AS "to" FROM residences
       WHERE resident_id = $1`,
      [child.id],
    );
    expect(residences).toEqual([{ householdId: child.householdId, from: chinaToday(), to: null }]);
    const events = await outboxFor(since);
    expect(
      events.map((e: { subject: string; payload: { change: string; id: string } }) => [
        e.subject,
        e.payload.change,
        e.payload.id,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['registry.v1.resident-changed', 'updated', head.id],
        ['registry.v1.resident-changed', 'moved', child.id],
      ]),
    );
    expect(events).toHaveLength(2);
  });

  it('puts no names, ID numbers, phones or addresses in events: ids, grid codes and paths only', async () => {
    const events: { subject: string; payload: Record<string, unknown>; text: string }[] = await outboxFor(
      new Date(0),
    );
    expect(events.length).toBeGreaterThanOrEqual(6 + 4 + 2);
    const secrets = [
      ...good.flatMap((r) => [r.name, r.id_number, r.id_number.toUpperCase(), r.address]),
      '13800000001',
      '13800000009',
      '13900000002',
      '1栋',
    ];
    for (const event of events) {
      expect(Object.keys(event.payload).sort()).toEqual(
        expect.arrayContaining(['change', 'gridCode', 'id', 'occurredAt', 'path']),
      );
      for (const key of Object.keys(event.payload)) {
        expect(['id', 'householdId', 'buildingId', 'gridCode', 'path', 'change', 'occurredAt']).toContain(
          key,
        );
      }
      for (const secret of secrets) expect(event.text).not.toContain(secret);
    }
    const subjects = new Set(events.map((e) => e.subject));
    expect(subjects).toEqual(
      new Set([
        'registry.v1.resident-changed',
        'registry.v1.household-changed',
        'registry.v1.building-changed',
      ]),
    );
  });

  it('keeps every row within the caller scope: communities, residents and households elsewhere are refused', async () => {
    const clerkOfA = scopeOf(user(f.communityA, [PERMISSIONS.import]));
    const content = [
      HEADER,
      csvLine({ ...good[4], household_no: hh(20), id_number: idNumber() }), // 2: community B
      csvLine({ ...good[3], household_no: hh(21), id_number: ids[4] }), // 3: resident lives in B
      csvLine({ ...good[4], community_code: f.communityA, id_number: idNumber() }), // 4: household in B
      csvLine({ ...good[3], household_no: hh(22), id_number: ids[6] }), // 5: fine
    ].join('\n');
    const report = await run(clerkOfA, content);
    expect(report).toMatchObject({ status: 'done', rowsImported: 1, rowsFailed: 3 });
    expect(await errorsOf(report.jobId)).toEqual({
      2: NO_COMMUNITY,
      3: 'id_number is registered to a resident outside your data scope',
      4: 'household_no is registered to a household outside your data scope',
    });
    // A household registered at another building is not moved by an import, whoever imports.
    const moved = await run(
      SYSTEM_SCOPE,
      [HEADER, csvLine({ ...good[0], building: '3栋', id_number: ids[7] })].join('\n'),
    );
    expect(await errorsOf(moved.jobId)).toEqual({
      2: 'household_no is registered at another building or community (an import does not move households)',
    });
    expect(moved.created.buildings).toBe(0);
    // Importing needs registry:import.
    const noImport = scopeOf(user(f.street, [PERMISSIONS.write]));
    expect(await domainError(run(noImport, content))).toMatchObject({ code: 'registry.import_forbidden' });
  });

  it('reads UTF-8 with a BOM and CRLF line ends; a bad header fails the job with the reason', async () => {
    const bom = `\uFEFF${HEADER}\r\n${csvLine({ ...good[4], household_no: hh(30), id_number: idNumber() })}\r\n`;
    expect(await run(SYSTEM_SCOPE, bom)).toMatchObject({ status: 'done', rowsRead: 1, rowsImported: 1 });

    const failures = {
      missing: await run(SYSTEM_SCOPE, 'household_no,community_code,address,name\n1,2,3,4\n'),
      unknown: await run(SYSTEM_SCOPE, `${HEADER},nickname\n`),
      repeated: await run(SYSTEM_SCOPE, `${HEADER},name\n`),
      late: await run(SYSTEM_SCOPE, `\n${HEADER}\n`),
      empty: await run(SYSTEM_SCOPE, ''),
      // A file without a header: the message names the column, never the first resident's data.
      headless: await run(SYSTEM_SCOPE, csvLine(good[0])),
    };
    expect(failures.missing).toMatchObject({
      status: 'failed',
      failure: 'The first line is not a valid import header: the header lacks id_number',
    });
    expect(failures.unknown.failure).toMatch(/column 11 is not one of household_no, /);
    expect(failures.repeated.failure).toMatch(/column 11 repeats an earlier column/);
    expect(failures.late.failure).toMatch(/the first line must be the header/);
    expect(failures.empty.failure).toMatch(/the file is empty/);
    expect(failures.headless.failure).toMatch(/column 1 is not one of/);
    expect(failures.headless.failure).not.toContain(good[0].household_no);
    const [job] = await f.dataSource.query(`SELECT status, failure FROM import_jobs WHERE id = $1`, [
      failures.missing.jobId,
    ]);
    expect(job).toEqual({ status: 'failed', failure: failures.missing.failure });
  });

  it('fails jobs whose process stopped, and leaves jobs that another live process runs', async () => {
    const scope = scopeOf(user(f.street, [PERMISSIONS.import]));
    const create = () => f.imports.createJob(scope, { fileName: 'lost.csv', totalBytes: 10 });
    const abandoned = await create();
    const alive = await create();
    const other = new pg.Client({ connectionString: testDatabaseUrl() });
    await other.connect();
    try {
      await other.query(`SELECT pg_advisory_lock(7201, hashtext($1))`, [alive]);
      await f.jobs.onApplicationBootstrap();
      const status = async (id: string) =>
        (await f.dataSource.query(`SELECT status, failure FROM import_jobs WHERE id = $1`, [id]))[0];
      expect(await status(abandoned)).toEqual({ status: 'failed', failure: INTERRUPTED });
      expect(await status(alive)).toEqual({ status: 'running', failure: null });
      await other.query(`SELECT pg_advisory_unlock(7201, hashtext($1))`, [alive]);
      // Asking about it is enough to find out.
      expect(await as(user(f.street, [PERMISSIONS.import]), () => f.jobs.get(alive))).toMatchObject({
        status: 'failed',
        failure: INTERRUPTED,
      });
    } finally {
      await other.end();
    }
  });
});
