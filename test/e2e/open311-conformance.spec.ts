import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CASE_CATEGORIES, CATEGORY_ATTRIBUTES, isPublicCategory } from '@yiwang/contracts';
import { ServiceProcess, freePort, testDatabaseUrl, waitFor } from '@yiwang/testing';
import pg from 'pg';
import { aPdf, aPng } from '../../services/case/test/attachments/files.js';
import { CaseFixture, insideOf, type Json } from './case-fixture.js';
import { REQUEST_FIELDS, W3C, parseXml } from './open311-fixture.js';

const STREET = '440106001';
const JURISDICTION = 'gz-tianhe';

/**
 * Open311 GeoReport v2 as its text (wiki.open311.org/GeoReport_v2, /Service_Discovery) specifies: service
 * definitions with the catalogue's questions, attribute answers checked and kept, public reads without
 * personal data, address / expected_datetime / media_url, tokens, jurisdiction_id and discovery.
 */
describe('Open311 GeoReport v2 conformance', () => {
  let f: CaseFixture;
  let pool: pg.Pool;
  let gateway: string;
  let point: { lat: number; lng: number };
  const t: Record<string, string> = {};
  const dir = mkdtempSync(join(tmpdir(), 'yiwang-e2e-open311-'));

  beforeAll(async () => {
    f = await CaseFixture.start('open311conf', {
      OPEN311_JURISDICTION_ID: JURISDICTION,
      ATTACHMENTS_DIR: dir,
    });
    gateway = f.platform.gateway;
    pool = new pg.Pool({ connectionString: testDatabaseUrl(), max: 2 });
    t.admin = await f.token('district_admin', '440106');
    const grids = await f.json('GET', `/api/v1/registry/grids?unit=${STREET}&boundary=true&limit=5`, t.admin);
    point = insideOf(grids.items[0]);
    t.grid = await f.token('grid_worker', grids.items[0].code);
    t.street = await f.token('street_dispatcher', STREET);
    await waitFor(
      async () =>
        (await f.request('GET', `/api/v1/registry/locate?lat=${point.lat}&lng=${point.lng}`, t.admin))
          .status === 200,
      { what: 'the location index', timeoutMs: 20_000 },
    );
  }, 420_000);

  afterAll(async () => {
    await pool?.end();
    await f?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const url = (path: string) => `${gateway}/open311/v2/${path}`;
  const get = (path: string, token?: string) =>
    fetch(url(path), { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const post = (fields: Record<string, string | string[]>, token?: string, format = 'json', key?: string) => {
    const form = new URLSearchParams();
    for (const [name, value] of Object.entries(fields))
      for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
    return fetch(url(`requests.${format}`), {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(key ? { 'idempotency-key': key } : {}),
      },
      body: form.toString(),
    });
  };
  const at = { lat: () => String(point.lat), long: () => String(point.lng) };

  it('answers each service definition as one object with the catalogue questions, in JSON and XML', async () => {
    const services = (await (await get('services.json')).json()) as Json[];
    const asking = Object.keys(CATEGORY_ATTRIBUTES).sort();
    expect(asking).toEqual(['road_damage', 'street_light', 'street_vending']);
    expect(
      services
        .filter((s) => s.metadata === true)
        .map((s) => s.service_code)
        .sort(),
    ).toEqual(asking);
    // Every public category is a service (those about a person are not: open311.spec.ts).
    expect(services.filter((s) => s.metadata === false)).toHaveLength(
      Object.keys(CASE_CATEGORIES).filter((code) => isPublicCategory(code)).length - 3,
    );

    const light = (await (await get('services/street_light.json')).json()) as Json;
    expect(light).toEqual({
      service_code: 'street_light',
      attributes: [
        {
          variable: true,
          code: 'POLE_NUMBER',
          datatype: 'string',
          required: true,
          datatype_description: '灯杆上喷印的编号，如 TH-0123 The number painted on the pole, e.g. TH-0123',
          order: 1,
          description: '灯杆编号 Street light pole number',
        },
        {
          variable: true,
          code: 'LIGHT_STATE',
          datatype: 'singlevaluelist',
          required: false,
          datatype_description: null,
          order: 2,
          description: '故障现象 What is wrong with it?',
          values: [
            { key: 'off', name: '不亮 Off at night' },
            { key: 'flickering', name: '闪烁 Flickering' },
            { key: 'on_by_day', name: '白天常亮 On during the day' },
          ],
        },
      ],
    });
    const road = (await (await get('services/road_damage.json')).json()) as Json;
    expect(road.attributes.map((a: Json) => [a.code, a.variable, a.datatype, a.order])).toEqual([
      ['SAFETY_NOTE', false, 'text', 1],
      ['DAMAGE_SIZE', true, 'singlevaluelist', 2],
      ['DAMAGE_KIND', true, 'multivaluelist', 3],
      ['DEPTH_CM', true, 'number', 4],
    ]);

    const doc = parseXml(await (await get('services/road_damage.xml')).text());
    expect(Object.keys(doc)).toEqual(['?xml', 'service_definition']);
    const attributes = doc.service_definition.attributes.attribute as Json[];
    expect(attributes).toHaveLength(4);
    expect(Object.keys(attributes[1])).toEqual([
      'variable',
      'code',
      'datatype',
      'required',
      'datatype_description',
      'order',
      'description',
      'values',
    ]);
    expect(attributes[1]).toMatchObject({
      variable: 'true',
      code: 'DAMAGE_SIZE',
      required: 'true',
      order: '2',
    });
    expect(attributes[1].values.value).toEqual(
      road.attributes[1].values.map((v: Json) => ({ key: v.key, name: v.name })),
    );

    const unknown = await get('services/no_such.xml');
    expect(unknown.status).toBe(404);
    expect(parseXml(await unknown.text()).errors.error).toEqual({
      code: '404',
      description: expect.stringContaining('no_such'),
    });
  });

  it('checks attribute[code] answers on POST (400 GeoReport errors) and keeps them on the case', async () => {
    const base = { service_code: 'road_damage', lat: at.lat(), long: at.long() };
    const refusals: [Record<string, string | string[]>, string][] = [
      [{ ...base, service_code: 'street_light' }, 'attribute[POLE_NUMBER]: is required'],
      [
        {
          ...base,
          service_code: 'street_light',
          'attribute[POLE_NUMBER]': 'TH-1',
          'attribute[LIGHT_STATE]': 'x',
        },
        'attribute[LIGHT_STATE]: must be one of off, flickering, on_by_day',
      ],
      [
        { ...base, 'attribute[DAMAGE_SIZE]': 'huge' },
        'attribute[DAMAGE_SIZE]: must be one of small, medium, large',
      ],
      [
        { ...base, 'attribute[DAMAGE_SIZE]': 'small', 'attribute[DEPTH_CM]': 'deep' },
        'attribute[DEPTH_CM]: must be a number',
      ],
      [
        { ...base, 'attribute[DAMAGE_SIZE]': 'small', 'attribute[DAMAGE_KIND][]': ['pothole', 'lava'] },
        'attribute[DAMAGE_KIND]: must be among pothole, crack, subsidence, manhole (not lava)',
      ],
      [
        { ...base, 'attribute[DAMAGE_SIZE]': 'small', 'attribute[SAFETY_NOTE]': 'ok' },
        'attribute[SAFETY_NOTE]: service road_damage asks no question SAFETY_NOTE',
      ],
      [
        { ...base, service_code: 'noise', 'attribute[FOO]': '1' },
        'attribute[FOO]: service noise asks no question FOO',
      ],
    ];
    for (const [fields, description] of refusals) {
      const response = await post(fields, t.grid);
      expect({ status: response.status, body: await response.json() }).toEqual({
        status: 400,
        body: [{ code: 400, description }],
      });
    }
    const asXml = await post({ ...base }, t.grid, 'xml');
    expect(asXml.status).toBe(400);
    expect(parseXml(await asXml.text()).errors.error).toEqual({
      code: '400',
      description: 'attribute[DAMAGE_SIZE]: is required',
    });

    const made = await post(
      {
        ...base,
        'attribute[DAMAGE_SIZE]': 'large',
        'attribute[DAMAGE_KIND][]': ['pothole', 'crack'],
        'attribute[DEPTH_CM]': '12.5',
      },
      t.grid,
    );
    expect(made.status).toBe(201);
    const [{ service_request_id: id }] = (await made.json()) as Json[];
    const kept = await f.get(t.grid, id);
    expect(kept.attributes).toEqual({
      DAMAGE_SIZE: 'large',
      DAMAGE_KIND: ['pothole', 'crack'],
      DEPTH_CM: 12.5,
    });
    const row = await pool.query(`SELECT attributes FROM "case".cases WHERE id = $1`, [id]);
    expect(row.rows[0].attributes).toEqual(kept.attributes);

    // Every channel's answers are checked by the case service against the same catalogue.
    const viaApi = await f.request('POST', '/api/v1/cases', t.grid, {
      title: '路面坑洞',
      category: 'road_damage',
      channel: 'grid_worker',
      location: point,
      attributes: { DAMAGE_SIZE: 'huge' },
    });
    expect(viaApi.status).toBe(400);
    expect(((await viaApi.json()) as Json).errors).toEqual([
      { field: 'attributes.DAMAGE_SIZE', message: 'must be one of small, medium, large' },
    ]);
  });

  it('serves requests to anonymous readers with public fields only, never who reported them', async () => {
    const personal = {
      first_name: '晓明',
      last_name: '欧阳',
      email: 'xiaoming.ouyang@example.org',
      phone: '13800138000',
      device_id: 'device-7f3a',
      account_id: 'account-9c1e',
    };
    const made = await post(
      { service_code: 'noise', lat: at.lat(), long: at.long(), description: '夜间施工噪声', ...personal },
      t.grid,
    );
    expect(made.status).toBe(201);
    const [{ service_request_id: id }] = (await made.json()) as Json[];
    const bodies = [
      await get(`requests/${id}.json`),
      await get(`requests/${id}.xml`),
      await get(`requests.json?service_request_id=${id}`),
      await get(`requests.xml?service_code=noise`),
    ];
    const me = await f.json('GET', '/api/v1/auth/me', t.grid);
    for (const response of bodies) {
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).toContain(id);
      expect(text).toContain('夜间施工噪声');
      for (const value of [...Object.values(personal), me.subject ?? me.id, me.username].filter(Boolean))
        expect(text).not.toContain(String(value));
    }
    const [one] = (await (await get(`requests/${id}.json`)).json()) as Json[];
    expect(Object.keys(one)).toEqual(REQUEST_FIELDS);
    // Jurisdiction-wide: the anonymous list finds it without any scope.
    const listed = (await (await get('requests.json?service_code=noise')).json()) as Json[];
    expect(listed.map((r) => r.service_request_id)).toContain(id);
  });

  it('turns public reads off with OPEN311_PUBLIC_READS=false: then an api_key is needed', async () => {
    const [{ service_request_id: id }] = (await (
      await post({ service_code: 'garbage', lat: at.lat(), long: at.long() }, t.grid)
    ).json()) as Json[];
    const port = await freePort();
    const ports = f.platform.ports;
    const closed = ServiceProcess.start('gateway', {
      ...f.platform.env,
      HTTP_PORT: String(port),
      CASE_GRPC_ADDR: `127.0.0.1:${ports.case.grpc}`,
      GRID_GRPC_ADDR: `127.0.0.1:${ports.grid.grpc}`,
      CASE_HEALTH_URL: `http://127.0.0.1:${ports.case.http}/health/ready`,
      GRID_HEALTH_URL: `http://127.0.0.1:${ports.grid.http}/health/ready`,
      OPEN311_PUBLIC_READS: 'false',
    });
    try {
      await closed.ready(90_000);
      const base = `http://127.0.0.1:${port}/open311/v2`;
      for (const path of [`requests/${id}.json`, `requests.json?service_request_id=${id}`, 'tokens/x.json']) {
        const anonymous = await fetch(`${base}/${path}`);
        expect({ path, status: anonymous.status, body: await anonymous.json() }).toEqual({
          path,
          status: 401,
          body: [{ code: 401, description: expect.stringContaining('api_key') }],
        });
      }
      const withKey = await fetch(`${base}/requests/${id}.json?api_key=${t.grid}`);
      expect(withKey.status).toBe(200);
      expect(((await withKey.json()) as Json[])[0].service_request_id).toBe(id);
      expect((await fetch(`${base}/services.json`)).status).toBe(200);
      // The open gateway of the same city still answers anonymously.
      expect((await get(`requests/${id}.json`)).status).toBe(200);
    } finally {
      await closed.stop();
    }
  }, 120_000);

  it('answers address, expected_datetime (completion deadline) and media_url (the reporter’s photo)', async () => {
    const made = await post(
      {
        service_code: 'street_light',
        lat: at.lat(),
        long: at.long(),
        address_string: '天河区五山路 381 号',
        description: '路灯不亮',
        'attribute[POLE_NUMBER]': 'TH-0381',
      },
      t.grid,
    );
    const [{ service_request_id: id }] = (await made.json()) as Json[];
    let [read] = (await (await get(`requests/${id}.json`)).json()) as Json[];
    expect(read).toMatchObject({
      address: '天河区五山路 381 号',
      description: '路灯不亮',
      expected_datetime: null,
      media_url: null,
    });

    const upload = async (token: string, body: Buffer, type: string) => {
      const response = await fetch(`${gateway}/api/v1/cases/${id}/attachments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': type },
        body: new Uint8Array(body),
      });
      expect(response.status).toBe(201);
      return ((await response.json()) as Json).id as string;
    };
    const pdf = await upload(t.grid, aPdf(), 'application/pdf'); // the reporter's, but not an image
    const theirs = await upload(t.street, aPng(), 'image/png'); // an image, but not the reporter's
    expect(((await (await get(`requests/${id}.json`)).json()) as Json[])[0].media_url).toBeNull();
    const photo = await upload(t.grid, aPng(), 'image/png');
    [read] = (await (await get(`requests/${id}.json`)).json()) as Json[];
    expect(read.media_url).toBe(`${gateway}/open311/v2/media/${id}/${photo}`);
    const xmlRead = parseXml(await (await get(`requests/${id}.xml`)).text());
    expect(xmlRead.service_requests.request.media_url).toBe(read.media_url);

    const media = await fetch(read.media_url);
    expect(media.status).toBe(200);
    expect(media.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await media.arrayBuffer()).equals(aPng())).toBe(true);
    for (const other of [pdf, theirs, randomUUID()]) {
      const refused = await fetch(`${gateway}/open311/v2/media/${id}/${other}`);
      expect(refused.status).toBe(404);
      expect(((await refused.json()) as Json[])[0].code).toBe(404);
    }

    await f.act(t.street, id, 'register');
    await f.act(t.street, id, 'dispatch');
    const due = await waitFor(
      async () =>
        (
          await pool.query(
            `SELECT due_at FROM "case".deadline_clocks WHERE case_id = $1 AND kind = 'completion'`,
            [id],
          )
        ).rows[0]?.due_at as Date | undefined,
      { what: 'the completion clock', timeoutMs: 20_000 },
    );
    [read] = (await (await get(`requests/${id}.json`)).json()) as Json[];
    expect(read.expected_datetime).toMatch(W3C);
    expect(Date.parse(read.expected_datetime)).toBe(Math.floor(due.getTime() / 1000) * 1000);
    expect(Date.parse(read.expected_datetime)).toBeGreaterThan(Date.parse(read.requested_datetime));
  });

  it('answers tokens (the POST’s Idempotency-Key) and checks jurisdiction_id', async () => {
    const key = `tok-${randomUUID()}`;
    expect((await (await get(`tokens/${key}.json`)).json()) as Json[]).toEqual([]);
    const made = await post({ service_code: 'garbage', lat: at.lat(), long: at.long() }, t.grid, 'json', key);
    const [{ service_request_id: id }] = (await made.json()) as Json[];
    expect((await (await get(`tokens/${key}.json`)).json()) as Json[]).toEqual([
      { token: key, service_request_id: id },
    ]);
    const doc = parseXml(await (await get(`tokens/${key}.xml`)).text());
    expect(doc.service_requests.request).toEqual({ token: key, service_request_id: id });

    expect((await get(`services.json?jurisdiction_id=${JURISDICTION}`)).status).toBe(200);
    for (const path of ['services.json', `requests/${id}.json`, `tokens/${key}.json`]) {
      const wrong = await get(`${path}?jurisdiction_id=shenzhen`);
      expect({ path, status: wrong.status, body: await wrong.json() }).toEqual({
        path,
        status: 400,
        body: [{ code: 400, description: expect.stringContaining('jurisdiction') }],
      });
    }
    const wrongXml = await get('services.xml?jurisdiction_id=shenzhen');
    expect(wrongXml.status).toBe(400);
    expect(parseXml(await wrongXml.text()).errors.error.code).toBe('400');
    const wrongPost = await post(
      { service_code: 'garbage', lat: at.lat(), long: at.long(), jurisdiction_id: 'shenzhen' },
      t.grid,
    );
    expect(wrongPost.status).toBe(400);
  });

  it('publishes a discovery document naming the endpoint, its formats and the specification', async () => {
    const response = await fetch(`${gateway}/open311/discovery.json`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as Json;
    expect(doc).toEqual({
      changeset: expect.stringMatching(W3C),
      contact: null,
      key_service: null,
      endpoints: [
        {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: `${gateway}/open311/v2`,
          changeset: doc.changeset,
          type: 'production',
          formats: ['text/xml', 'application/json'],
        },
      ],
    });
    expect((await fetch(`${doc.endpoints[0].url}/services.xml`)).status).toBe(200);
    const asXml = parseXml(await (await fetch(`${gateway}/open311/discovery.xml`)).text());
    expect(Object.keys(asXml)).toEqual(['?xml', 'discovery']);
    expect(asXml.discovery.endpoints.endpoint).toEqual({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      url: `${gateway}/open311/v2`,
      changeset: doc.changeset,
      type: 'production',
      formats: { format: ['text/xml', 'application/json'] },
    });
  });
});
