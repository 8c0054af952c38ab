import pg from 'pg';
import { testDatabaseUrl, waitFor } from '@yiwang/testing';
import { startPlatform, type PlatformStack } from './platform-stack.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
type Json = Record<string, any>;

const LIMIT = 4096;
const HEADER = 'household_no,community_code,building,entrance,room,address,name,id_number,phone,relation';

/** A private corner of the tree (district 9905NN: no real division uses city 9905). */
const district = `9905${String(10 + Math.floor(Math.random() * 90))}`;
const street = `${district}001`;
const otherStreet = `${district}002`;
const communityA = `${street}001`;
const communityB = `${street}002`;
const communityOther = `${otherStreet}001`;

let sequence = 0;
/** A checksum-valid ID number from the synthetic sequence range, different on every call. */
function idNumber(): string {
  sequence += 1;
  const offset = Math.floor(Math.random() * 20_000);
  const birth = new Date(Date.UTC(1940, 0, 1) + (offset + sequence) * 86_400_000);
  const body = `370102${birth.toISOString().slice(0, 10).replace(/-/g, '')}9${String(10 + (sequence % 90))}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

const row = (household: string, community: string, name: string, id: string) =>
  `${household},${community},1栋,1,101,测试路1号,${name},${id},,head`;

/**
 * Registry CSV imports through the gateway with every service as a real process: upload → 202 and a job,
 * progress until done, rejected lines (bad ID numbers, communities outside the caller's scope) in the
 * error CSV by line number, and refusals as problem+json (too large, wrong media type, no permission,
 * another scope's job).
 */
describe('registry imports through the gateway', () => {
  let platform: PlatformStack;
  let db: pg.Pool;
  let districtAdmin: string;
  let communityWorker: string;
  let gridWorker: string;

  beforeAll(async () => {
    platform = await startPlatform('registry-imports', { IMPORT_MAX_BYTES: String(LIMIT) });
    db = new pg.Pool({ connectionString: testDatabaseUrl(), max: 1 });
    const square = (lng: number) =>
      JSON.stringify({
        type: 'Polygon',
        coordinates: [
          [
            [lng, 23.1],
            [lng + 0.01, 23.1],
            [lng + 0.01, 23.11],
            [lng, 23.11],
            [lng, 23.1],
          ],
        ],
      });
    const units: [string, string, string, string | null, string | null][] = [
      ['99', '测试省', 'province', null, null],
      ['9905', '导入市', 'city', '99', null],
      [district, '导入区', 'district', '9905', null],
      [street, '甲街道', 'street', district, null],
      [otherStreet, '乙街道', 'street', district, null],
      [communityA, '甲社区', 'community', street, square(113.3)],
      [communityB, '乙社区', 'community', street, square(113.32)],
      [communityOther, '丙社区', 'community', otherStreet, square(113.34)],
    ];
    for (const [code, name, level, parent, boundary] of units) {
      const path = [2, 4, 6, 9, 12]
        .filter((l) => l <= code.length)
        .map((l) => code.slice(0, l))
        .join('.');
      await db.query(
        `INSERT INTO grid.units (code, name, level, kind, parent_code, path, boundary)
         VALUES ($1, $2, $3, $3, $4, $5, $6) ON CONFLICT (code) DO NOTHING`,
        [code, name, level, parent, path, boundary],
      );
    }
    districtAdmin = await platform.tokenFor('district_admin', district);
    communityWorker = await platform.tokenFor('community_worker', communityA);
    gridWorker = await platform.tokenFor('grid_worker', communityA);
  }, 180_000);

  afterAll(async () => {
    await db?.end();
    await platform?.stop();
  });

  const upload = (token: string, csv: string, type = 'text/csv', query = '?fileName=households.csv') =>
    fetch(`${platform.gateway}/api/v1/registry/imports${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
      body: csv,
    });
  const get = (path: string, token: string) =>
    fetch(`${platform.gateway}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const finished = (location: string, token: string) =>
    waitFor(
      async () => {
        const job = (await (await get(location, token)).json()) as Json;
        return job.status === 'running' ? undefined : job;
      },
      { what: 'the import to finish', timeoutMs: 30_000 },
    );

  it('imports good rows, lists bad rows by line with their reason, and reports progress', async () => {
    const good = [idNumber(), idNumber(), idNumber()];
    const csv = [
      HEADER,
      row(`H-${district}-1`, communityA, '张三', good[0]),
      row(`H-${district}-1`, communityA, '李四', good[1]),
      row(`H-${district}-2`, communityA, '王五', '370102199001011234'), // line 4: wrong check digit
      row(`H-${district}-3`, communityB, '赵六', good[2]),
      row(`H-${district}-4`, '999999999999', '钱七', idNumber()), // line 6: no such community
      'only,three,cells', // line 7: wrong number of cells
    ].join('\n');
    const response = await upload(communityWorker, `${csv}\n`);
    expect(response.status).toBe(202);
    const started = (await response.json()) as Json;
    expect(response.headers.get('location')).toBe(`/api/v1/registry/imports/${started.id}`);
    expect(started).toMatchObject({
      fileName: 'households.csv',
      links: { errors: `/api/v1/registry/imports/${started.id}/errors` },
    });

    const job = await finished(response.headers.get('location')!, communityWorker);
    expect(job).toMatchObject({
      status: 'done',
      rowsRead: 6,
      // The community worker's scope is community A: B's row is rejected like a bad one.
      rowsImported: 2,
      rowsFailed: 4,
      errorsCount: 4,
      progress: 1,
      etaSeconds: null,
      failure: null,
    });
    expect(job.rowsPerSecond).toBeGreaterThan(0);
    expect(job.finishedAt).toEqual(expect.any(String));

    const report = await get(job.links.errors, communityWorker);
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(report.headers.get('content-disposition')).toBe('attachment; filename="households.errors.csv"');
    const lines = (await report.text()).trim().split('\n');
    expect(lines[0]).toBe('line,reason');
    expect(lines.slice(1).map((l) => Number(l.split(',')[0]))).toEqual([4, 5, 6, 7]);
    expect(lines[1]).toMatch(/id_number/);
    // Reasons only, never the content of the row.
    expect(lines.join('\n')).not.toContain('王五');
    expect(lines.join('\n')).not.toContain(good[2]);

    // The imported residents are there, in the community worker's scope.
    const found = (await (
      await get(
        `/api/v1/registry/residents?name=${encodeURIComponent('张三')}&unit=${communityA}`,
        communityWorker,
      )
    ).json()) as Json;
    expect(found.items.length).toBeGreaterThanOrEqual(1);
  });

  it('re-importing the same file changes nothing', async () => {
    const csv = `${HEADER}\n${row(`H-${district}-9`, communityA, '孙八', idNumber())}\n`;
    const first = await finished((await upload(districtAdmin, csv)).headers.get('location')!, districtAdmin);
    expect(first).toMatchObject({ status: 'done', rowsImported: 1 });
    const again = await finished((await upload(districtAdmin, csv)).headers.get('location')!, districtAdmin);
    expect(again).toMatchObject({ status: 'done', rowsImported: 0, rowsUnchanged: 1, rowsFailed: 0 });
    expect(again.fileSha256).toBe(first.fileSha256);
  });

  it('hides a job from callers outside its scope', async () => {
    const csv = `${HEADER}\n${row(`H-${district}-5`, communityOther, '周九', idNumber())}\n`;
    const response = await upload(districtAdmin, csv);
    const location = response.headers.get('location')!;
    await finished(location, districtAdmin);
    const outside = await get(location, communityWorker);
    expect(outside.status).toBe(404);
    expect(outside.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await outside.json()) as Json).code).toBe('registry.import_not_found');
    expect((await get(`${location}/errors`, communityWorker)).status).toBe(404);
  });

  it('refuses an upload larger than the limit with problem+json', async () => {
    const big = `${HEADER}\n${'x'.repeat(LIMIT)}\n`;
    const response = await upload(districtAdmin, big);
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await response.json()) as Json).code).toBe('request.too_large');
    // Without a Content-Length (chunked), the limit holds while reading.
    const chunks = [`${HEADER}\n`, 'x'.repeat(LIMIT / 2), 'x'.repeat(LIMIT / 2), 'x'.repeat(LIMIT / 2)];
    const chunked = await fetch(`${platform.gateway}/api/v1/registry/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${districtAdmin}`, 'content-type': 'text/csv' },
      body: new ReadableStream({
        pull(controller) {
          const next = chunks.shift();
          if (next === undefined) controller.close();
          else controller.enqueue(new TextEncoder().encode(next));
        },
      }),
      duplex: 'half',
    });
    expect(chunked.status).toBe(413);
    expect(((await chunked.json()) as Json).code).toBe('request.too_large');
  });

  it('refuses a body that is not CSV, an empty one, and callers without registry:import', async () => {
    const json = await upload(districtAdmin, '{"rows":[]}', 'application/json');
    expect(json.status).toBe(415);
    expect(((await json.json()) as Json).code).toBe('request.unsupported_media_type');
    const empty = await upload(districtAdmin, '');
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as Json).code).toBe('registry.import_empty');
    const denied = await upload(gridWorker, `${HEADER}\n`);
    expect(denied.status).toBe(403);
    const unknown = await get('/api/v1/registry/imports/00000000-0000-4000-8000-000000000000', districtAdmin);
    expect(unknown.status).toBe(404);
    const malformed = await get('/api/v1/registry/imports/not-a-uuid', districtAdmin);
    expect(malformed.status).toBe(400);
  });

  it('documents the import routes in OpenAPI', async () => {
    const doc = (await (await fetch(`${platform.gateway}/api/openapi.json`)).json()) as Json;
    const post = doc.paths['/api/v1/registry/imports'].post;
    expect(Object.keys(post.requestBody.content)).toEqual(['text/csv']);
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['202', '413', '415']));
    expect(
      Object.keys(doc.paths['/api/v1/registry/imports/{id}/errors'].get.responses['200'].content),
    ).toEqual(['text/csv']);
  });
});
