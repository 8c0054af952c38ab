import { aCaseReport, ServiceProcess, waitFor } from '@yiwang/testing';
import { CASE_CATEGORIES, isPublicCategory } from '@yiwang/contracts';
import { insideOf, type Json } from './case-fixture.js';
import { REQUEST_FIELDS, W3C, asArray, parseXml } from './open311-fixture.js';
import { startPlatform, type PlatformStack } from './platform-stack.js';

/** Open311 GeoReport v2 at /open311/v2/ through the real gateway and case service, in JSON and XML. */
describe('Open311 GeoReport v2', () => {
  let platform: PlatformStack;
  let worker: string;
  let system: string;
  let admin: string;
  let point: { lat: number; lng: number; grid: string };

  beforeAll(async () => {
    platform = await startPlatform('open311');
    const demo = ServiceProcess.start('grid', platform.env, 'cli.js', [
      'demo',
      '--district',
      '440106',
      '--streets',
      '1',
    ]);
    expect(await demo.exited()).toBe(0);
    // A street-wide worker: the demo grid the point lies in belongs to one of the street's communities.
    worker = await platform.tokenFor('grid_worker', '440106001');
    system = await platform.tokenFor('department_system', '440106');
    admin = await platform.tokenFor('district_admin', '440106');
    const grids = (await (
      await fetch(`${platform.gateway}/api/v1/registry/grids?unit=440106001&boundary=true&limit=1`, {
        headers: { authorization: `Bearer ${admin}` },
      })
    ).json()) as Json;
    const { lat, lng } = insideOf(grids.items[0]);
    point = { lat, lng, grid: grids.items[0].code };
    await waitFor(
      async () =>
        (
          await fetch(`${platform.gateway}/api/v1/registry/locate?lat=${lat}&lng=${lng}`, {
            headers: { authorization: `Bearer ${admin}` },
          })
        ).status === 200 || undefined,
      { what: 'the location index to hold the demo grids', timeoutMs: 20_000 },
    );
  }, 180_000);

  afterAll(async () => {
    await platform?.stop();
  });

  const url = (path: string) => `${platform.gateway}/open311/v2/${path}`;
  const get = (path: string, token?: string) =>
    fetch(url(path), { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const postForm = (path: string, fields: Record<string, string>, token?: string) =>
    fetch(url(path), {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: new URLSearchParams(fields).toString(),
    });

  const PUBLIC_CODES = Object.keys(CASE_CATEGORIES).filter((code) => isPublicCategory(code));

  it('lists every public case category as a service, in JSON and XML, without credentials', async () => {
    const response = await get('services.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const services = (await response.json()) as Json[];
    expect(services.map((s) => s.service_code).sort()).toEqual(PUBLIC_CODES.sort());
    // The catalogue marks three categories about persons as not public.
    expect(services).toHaveLength(Object.keys(CASE_CATEGORIES).length - 3);
    expect(services.find((s) => s.service_code === 'street_light')).toEqual({
      service_code: 'street_light',
      service_name: '路灯故障',
      description: '路灯故障 (Street light out)',
      // It asks for the pole number (the catalogue's questions): clients fetch its definition.
      metadata: true,
      type: 'realtime',
      keywords: '路灯故障,street light out,street light',
      group: '城市管理和综合执法',
    });

    const asXml = await get('services.xml');
    expect(asXml.status).toBe(200);
    expect(asXml.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    const doc = parseXml(await asXml.text());
    const items = asArray(doc.services.service) as Json[];
    expect(items).toHaveLength(PUBLIC_CODES.length);
    expect(Object.keys(items[0])).toEqual([
      'service_code',
      'service_name',
      'description',
      'metadata',
      'type',
      'keywords',
      'group',
    ]);
    expect(items.find((s) => s.service_code === 'noise')).toMatchObject({
      metadata: 'false',
      type: 'realtime',
      group: '生态环境',
    });
  });

  it('answers a service definition, and 404 in GeoReport format for an unknown code', async () => {
    // One service-definition object (not a list), root element <service_definition> in XML.
    const json = (await (await get('services/noise.json')).json()) as Json;
    expect(json).toEqual({ service_code: 'noise', attributes: [] });
    const doc = parseXml(await (await get('services/noise.xml')).text());
    expect(Object.keys(doc)).toEqual(['?xml', 'service_definition']);
    expect(doc.service_definition).toEqual({ service_code: 'noise', attributes: '' });

    const missing = await get('services/no_such.json');
    expect(missing.status).toBe(404);
    const errors = (await missing.json()) as Json[];
    expect(errors).toEqual([{ code: 404, description: expect.stringContaining('no_such') }]);
    const missingXml = await get('services/no_such.xml');
    expect(missingXml.status).toBe(404);
    const err = parseXml(await missingXml.text()).errors.error;
    expect(err).toEqual({ code: '404', description: expect.stringContaining('no_such') });
    expect((await get('services.html')).status).toBe(400);
  });

  it('creates a request from lat/long in its grid, and reads it back in both formats', async () => {
    const response = await postForm(
      'requests.json',
      {
        service_code: 'street_light',
        lat: String(point.lat),
        long: String(point.lng),
        description: '3号楼前路灯不亮',
        email: 'someone@example.org',
        'attribute[POLE_NUMBER]': 'TH-0123',
      },
      worker,
    );
    expect(response.status).toBe(201);
    const [created] = (await response.json()) as Json[];
    expect(Object.keys(created)).toEqual(['service_request_id', 'service_notice', 'account_id']);
    const id = created.service_request_id as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('location')).toBe(`/open311/v2/requests/${id}.json`);

    const one = (await (await get(`requests/${id}.json`, worker)).json()) as Json[];
    expect(one).toHaveLength(1);
    expect(Object.keys(one[0])).toEqual(REQUEST_FIELDS);
    expect(one[0]).toMatchObject({
      service_request_id: id,
      status: 'open',
      service_code: 'street_light',
      service_name: '路灯故障',
      description: '3号楼前路灯不亮',
      agency_responsible: '城市管理和综合执法',
    });
    expect(one[0].requested_datetime).toMatch(W3C);
    expect(one[0].updated_datetime).toMatch(W3C);
    expect(one[0]).toMatchObject({ lat: point.lat, long: point.lng });
    // The case landed in the grid the point lies in.
    const asCase = (await (
      await fetch(`${platform.gateway}/api/v1/cases/${id}`, {
        headers: { authorization: `Bearer ${worker}` },
      })
    ).json()) as Json;
    expect(asCase).toMatchObject({ unitCode: point.grid, channel: 'resident', category: 'street_light' });

    const doc = parseXml(await (await get(`requests/${id}.xml`, worker)).text());
    const request = doc.service_requests.request as Json;
    expect(Object.keys(request)).toEqual(REQUEST_FIELDS);
    expect(request).toMatchObject({
      service_request_id: id,
      status: 'open',
      lat: String(point.lat),
      long: String(point.lng),
      address: '',
    });
    expect(request.requested_datetime).toMatch(W3C);
  });

  it('takes XML output, address_string from a unit-bound caller, and api_key as the credential', async () => {
    const response = await postForm('requests.xml', {
      api_key: system,
      service_code: 'noise',
      address_string: '天河区五山路 1 号',
      description: 'Construction at night <loud> & late',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    const doc = parseXml(await response.text());
    const created = doc.service_requests.request as Json;
    expect(Object.keys(created)).toEqual(['service_request_id', 'service_notice', 'account_id']);
    const read = (await (
      await get(`requests/${created.service_request_id}.json?api_key=${system}`)
    ).json()) as Json[];
    // The address comes back as the request's address, not appended to its description.
    expect(read[0]).toMatchObject({
      description: 'Construction at night <loud> & late',
      address: '天河区五山路 1 号',
    });
    const asXml = parseXml(await (await get(`requests/${created.service_request_id}.xml`, system)).text());
    expect(asXml.service_requests.request).toMatchObject({
      description: read[0].description,
      address: '天河区五山路 1 号',
    });
    const asCase = (await (
      await fetch(`${platform.gateway}/api/v1/cases/${created.service_request_id}`, {
        headers: { authorization: `Bearer ${system}` },
      })
    ).json()) as Json;
    expect(asCase).toMatchObject({ unitCode: '440106', channel: 'department_system' });
  });

  it("takes an API client's key as api_key (form field or X-API-Key), with its rate limit", async () => {
    const created = await fetch(`${platform.gateway}/api/v1/clients`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ name: '区城管局系统', unitCode: '440106', departmentCode: 'urban-440106' }),
    });
    expect(created.status).toBe(201);
    const { clientSecret } = (await created.json()) as Json;
    const response = await postForm('requests.json', {
      api_key: clientSecret,
      service_code: 'street_vending',
      address_string: '天河路口',
      'attribute[VENDOR_KIND]': 'mobile_cart',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('ratelimit-limit') ?? response.headers.get('x-ratelimit-limit')).toBeTruthy();
    const [made] = (await response.json()) as Json[];
    const viaHeader = await fetch(url('requests.json'), {
      method: 'POST',
      headers: { 'x-api-key': clientSecret, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        service_code: 'street_vending',
        address_string: '天河路口',
        'attribute[VENDOR_KIND]': 'fixed_stall',
      }).toString(),
    });
    expect(viaHeader.status).toBe(201);
    const [second] = (await viaHeader.json()) as Json[];
    // The client sees cases of its department; the district admin reads these back.
    for (const id of [made.service_request_id, second.service_request_id]) {
      const asCase = (await (
        await fetch(`${platform.gateway}/api/v1/cases/${id}`, {
          headers: { authorization: `Bearer ${admin}` },
        })
      ).json()) as Json;
      expect(asCase).toMatchObject({
        category: 'street_vending',
        channel: 'department_system',
        unitCode: '440106',
      });
    }
    const wrong = await postForm('requests.json', {
      api_key: `ywk_${'A'.repeat(43)}`,
      service_code: 'noise',
      address_string: 'x',
    });
    expect(wrong.status).toBe(401);
  });

  it('keeps categories marked not public out of services and out of every request read', async () => {
    for (const code of ['neighbour_dispute', 'elderly_care', 'social_assistance'])
      expect(isPublicCategory(code)).toBe(false);
    const codes = ((await (await get('services.json')).json()) as Json[]).map((s) => s.service_code);
    expect(codes).not.toContain('neighbour_dispute');
    expect(codes).toContain('noise');
    expect((await get('services/neighbour_dispute.json')).status).toBe(404);

    // Reported on the case API (a grid worker's visit), one private and one public case in the same grid.
    const report = async (category: string) => {
      const created = await fetch(`${platform.gateway}/api/v1/cases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${worker}` },
        body: JSON.stringify(
          aCaseReport({ category, unitCode: point.grid, location: { lat: point.lat, lng: point.lng } }),
        ),
      });
      expect(created.status).toBe(201);
      return ((await created.json()) as Json).id as string;
    };
    const privateId = await report('neighbour_dispute');
    const publicId = await report('noise');

    // Public reads (no credentials) and credentialed ones alike: the private case is not there.
    for (const token of [undefined, worker]) {
      const listed = ((await (await get('requests.json', token)).json()) as Json[]).map(
        (r) => r.service_request_id,
      );
      expect(listed).toContain(publicId);
      expect(listed).not.toContain(privateId);
      const byIds = (await (
        await get(`requests.json?service_request_id=${privateId},${publicId}`, token)
      ).json()) as Json[];
      expect(byIds.map((r) => r.service_request_id)).toEqual([publicId]);
      const one = await get(`requests/${privateId}.json`, token);
      expect(one.status).toBe(404);
      expect(((await one.json()) as Json[])[0].code).toBe(404);
      const xmlList = parseXml(await (await get('requests.xml', token)).text());
      expect(JSON.stringify(xmlList)).not.toContain(privateId);
    }
    const searched = await get('requests.json?service_code=neighbour_dispute');
    expect(searched.status).toBe(400);
    const posted = await postForm(
      'requests.json',
      { service_code: 'neighbour_dispute', address_string: '五山路' },
      worker,
    );
    expect(posted.status).toBe(400);
    expect(((await posted.json()) as Json[])[0].description).toContain('service_code');
    // The case itself is there for those entitled to it, on the case API.
    const asCase = await fetch(`${platform.gateway}/api/v1/cases/${privateId}`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(asCase.status).toBe(200);
  });

  it('searches requests without ids: newest first, by service_code and status, in scope', async () => {
    const made: string[] = [];
    for (const code of ['drainage', 'drainage', 'fire_hazard']) {
      const r = await postForm('requests.json', { service_code: code, address_string: '五山路' }, worker);
      made.push(((await r.json()) as Json[])[0].service_request_id);
    }
    const drainage = (await (await get('requests.json?service_code=drainage', worker)).json()) as Json[];
    expect(drainage.map((r) => r.service_request_id)).toEqual(expect.arrayContaining(made.slice(0, 2)));
    expect(new Set(drainage.map((r) => r.service_code))).toEqual(new Set(['drainage']));
    const times = drainage.map((r) => Date.parse(r.requested_datetime));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const both = (await (
      await get('requests.json?service_code=drainage,fire_hazard&status=open', worker)
    ).json()) as Json[];
    expect(both.map((r) => r.service_request_id)).toEqual(expect.arrayContaining(made));
    const closed = (await (await get('requests.json?status=closed', worker)).json()) as Json[];
    for (const r of closed) expect(r.status).toBe('closed');
    expect(closed.map((r) => r.service_request_id)).not.toEqual(expect.arrayContaining([made[0]]));
    const later = encodeURIComponent(new Date(Date.now() + 3600_000).toISOString());
    expect((await (await get(`requests.json?start_date=${later}`, worker)).json()) as Json[]).toEqual([]);
    const doc = parseXml(await (await get('requests.xml?service_code=fire_hazard', worker)).text());
    expect(asArray(doc.service_requests.request).map((r: Json) => r.service_request_id)).toContain(made[2]);

    // Another street's worker sees none of them.
    const elsewhere = await platform.tokenFor('grid_worker', '440106002');
    const theirs = (await (await get('requests.json?service_code=drainage', elsewhere)).json()) as Json[];
    expect(theirs.map((r) => r.service_request_id)).not.toEqual(expect.arrayContaining([made[0]]));
  });

  it('finds requests by ids and filters them by service_code, status and dates', async () => {
    const ids: string[] = [];
    for (const code of ['garbage', 'water_leak']) {
      const r = await postForm('requests.json', { service_code: code, address_string: '五山路' }, worker);
      ids.push(((await r.json()) as Json[])[0].service_request_id);
    }
    const all = (await (
      await get(
        `requests.json?service_request_id=${ids.join(',')},00000000-0000-4000-8000-000000000000`,
        worker,
      )
    ).json()) as Json[];
    expect(all.map((r) => r.service_request_id).sort()).toEqual([...ids].sort());
    const garbage = (await (
      await get(`requests.json?service_request_id=${ids.join(',')}&service_code=garbage&status=open`, worker)
    ).json()) as Json[];
    expect(garbage.map((r) => r.service_request_id)).toEqual([ids[0]]);
    expect(
      (await (
        await get(`requests.json?service_request_id=${ids[0]}&status=closed`, worker)
      ).json()) as Json[],
    ).toEqual([]);
    const future = encodeURIComponent('2999-01-01T00:00:00+08:00');
    expect(
      (await (
        await get(`requests.json?service_request_id=${ids[0]}&start_date=${future}`, worker)
      ).json()) as Json[],
    ).toEqual([]);
    const doc = parseXml(
      await (await get(`requests.xml?service_request_id=${ids.join(',')}`, worker)).text(),
    );
    expect(asArray(doc.service_requests.request)).toHaveLength(2);
  });

  it('answers errors as GeoReport error lists with the right status', async () => {
    const anonymous = await postForm('requests.json', { service_code: 'noise', address_string: 'x' });
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as Json[])[0]).toMatchObject({ code: 401 });
    const badKey = await get('requests/00000000-0000-4000-8000-000000000000.xml?api_key=not-a-token');
    expect(badKey.status).toBe(401);
    expect(parseXml(await badKey.text()).errors.error.code).toBe('401');

    const noLocation = await postForm('requests.json', { service_code: 'noise' }, system);
    expect(noLocation.status).toBe(400);
    expect(((await noLocation.json()) as Json[])[0].description).toMatch(/lat/);
    const unknown = await postForm(
      'requests.xml',
      { service_code: 'nope', lat: '23.1', long: '113.3' },
      worker,
    );
    expect(unknown.status).toBe(400);
    const unknownErrors = asArray(parseXml(await unknown.text()).errors.error) as Json[];
    expect(unknownErrors[0]).toEqual({ code: '400', description: expect.stringContaining('service_code') });
    const outside = await postForm('requests.json', { service_code: 'noise', lat: '10', long: '10' }, worker);
    expect(outside.status).toBe(400);
    expect(((await outside.json()) as Json[])[0].description).toMatch(/outside every grid/);
    const badDate = await get(
      'requests.json?service_request_id=00000000-0000-4000-8000-000000000000&start_date=yesterday',
      worker,
    );
    expect(badDate.status).toBe(400);
    expect(((await badDate.json()) as Json[])[0].description).toMatch(/start_date/);

    const missing = await get('requests/00000000-0000-4000-8000-000000000000.json', worker);
    expect(missing.status).toBe(404);
    expect((await missing.json()) as Json[]).toEqual([
      { code: 404, description: expect.stringContaining('00000000-0000-4000-8000-000000000000') },
    ]);
    // A role without case:report may not create.
    const handler = await platform.tokenFor('department_handler', '440106', { department: 'x' });
    const forbidden = await postForm(
      'requests.json',
      { service_code: 'noise', address_string: 'x' },
      handler,
    );
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as Json[])[0]).toMatchObject({ code: 403 });
  });
});
