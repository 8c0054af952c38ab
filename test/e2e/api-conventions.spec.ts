import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { ServiceProcess, testDatabaseUrl } from '@yiwang/testing';
import { startPlatform, type PlatformStack } from './platform-stack.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
type Json = Record<string, any>;

const ALLOWED = 'https://ops.example.test';

/** Gateway-wide conventions with real processes: headers, CORS, body limits, Idempotency-Key, ETags. */
describe('gateway API conventions', () => {
  let platform: PlatformStack;
  let db: pg.Pool;
  let worker: string;
  let community: string;

  beforeAll(async () => {
    platform = await startPlatform('conventions', { CORS_ALLOWED_ORIGINS: ALLOWED });
    db = new pg.Pool({ connectionString: testDatabaseUrl(), max: 2 });
    const demo = ServiceProcess.start('grid', platform.env, 'cli.js', [
      'demo',
      '--district',
      '440106',
      '--streets',
      '1',
    ]);
    expect(await demo.exited()).toBe(0);
    worker = await platform.tokenFor('community_worker', '440106001');
    const units = (await (
      await get('/api/v1/registry/units?parent=440106001&limit=1', worker)
    ).json()) as Json;
    community = units.items[0].code;
  }, 180_000);

  afterAll(async () => {
    await db?.end();
    await platform?.stop();
  });

  function get(path: string, token: string | null, headers: Record<string, string> = {}) {
    return fetch(`${platform.gateway}${path}`, {
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    });
  }
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${platform.gateway}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${worker}`, 'content-type': 'application/json', ...headers },
      body,
    });
  const building = (name: string) =>
    JSON.stringify({ name, communityCode: community, lat: 23.13, lng: 113.36 });

  it('sends security headers on every answer, HSTS only over TLS', async () => {
    for (const response of [await get('/api/openapi.json', null), await get('/api/v1/nothing', null)]) {
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('strict-transport-security')).toBeNull();
    }
    // Behind a trusted proxy that terminated TLS.
    const tls = await get('/api/openapi.json', null, { 'x-forwarded-proto': 'https' });
    expect(tls.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
  });

  it('answers CORS for allowed origins only', async () => {
    const preflight = (origin: string) =>
      fetch(`${platform.gateway}/api/v1/registry/buildings`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type, idempotency-key',
        },
      });
    const ok = await preflight(ALLOWED);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/Idempotency-Key/);
    const refused = await preflight('https://evil.example');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(((await refused.json()) as Json).code).toBe('cors.origin_refused');
    const simple = await get('/api/openapi.json', null, { origin: 'https://evil.example' });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
    const allowed = await get('/api/openapi.json', null, { origin: ALLOWED });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED);
  });

  it('refuses a body over the limit with 413 problem+json, and bad JSON with 400', async () => {
    const big = await post('/api/v1/registry/buildings', JSON.stringify({ name: 'x'.repeat(1_100_000) }));
    expect(big.status).toBe(413);
    expect(big.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(((await big.json()) as Json).code).toBe('request.too_large');
    const bad = await post('/api/v1/registry/buildings', '{"name":');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Json).code).toBe('request.malformed');
  });

  it('names the field in every 400', async () => {
    const response = await post(
      '/api/v1/registry/buildings',
      JSON.stringify({ name: 5, communityCode: community }),
    );
    expect(response.status).toBe(400);
    const problem = (await response.json()) as Json;
    expect(problem.errors.map((e: Json) => e.field)).toEqual(
      expect.arrayContaining(['body.name', 'body.lat']),
    );
  });

  describe('Idempotency-Key', () => {
    it('replays the first answer for the same request', async () => {
      const key = randomUUID();
      const first = await post('/api/v1/registry/buildings', building(`幂等楼 ${key}`), {
        'idempotency-key': key,
      });
      expect(first.status).toBe(201);
      expect(first.headers.get('idempotency-replayed')).toBeNull();
      const created = (await first.json()) as Json;
      const again = await post('/api/v1/registry/buildings', building(`幂等楼 ${key}`), {
        'idempotency-key': key,
      });
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotency-replayed')).toBe('true');
      expect(await again.json()).toEqual(created);
    });

    it('refuses the same key with another body (422)', async () => {
      const key = randomUUID();
      expect(
        (await post('/api/v1/registry/buildings', building(`甲 ${key}`), { 'idempotency-key': key })).status,
      ).toBe(201);
      const other = await post('/api/v1/registry/buildings', building(`乙 ${key}`), {
        'idempotency-key': key,
      });
      expect(other.status).toBe(422);
      expect(((await other.json()) as Json).code).toBe('idempotency.key_reused');
    });

    it('refuses a retry while the first is in progress (409), and lets only one of many through', async () => {
      const sub = JSON.parse(Buffer.from(worker.split('.')[1], 'base64url').toString('utf8')).sub;
      const pending = randomUUID();
      await db.query(
        `INSERT INTO gateway.idempotency_keys (caller, idempotency_key, route, request_hash)
         VALUES ($1, $2, '/api/v1/registry/buildings', repeat('0', 64))`,
        [`user:${sub}`, pending],
      );
      const busy = await post('/api/v1/registry/buildings', building(pending), {
        'idempotency-key': pending,
      });
      expect(busy.status).toBe(409);
      expect(((await busy.json()) as Json).code).toBe('idempotency.in_progress');

      const key = randomUUID();
      const all = await Promise.all(
        Array.from({ length: 6 }, () =>
          post('/api/v1/registry/buildings', building(`并发 ${key}`), { 'idempotency-key': key }),
        ),
      );
      const fresh = all.filter((r) => r.status === 201 && !r.headers.get('idempotency-replayed'));
      expect(fresh).toHaveLength(1);
      for (const r of all) expect([201, 409]).toContain(r.status);
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM grid.buildings WHERE name = $1`, [
        `并发 ${key}`,
      ]);
      expect(rows[0].n).toBe(1);
    });

    it('keys per caller: another user with the same key is a new request', async () => {
      const key = randomUUID();
      expect(
        (await post('/api/v1/registry/buildings', building(`丙 ${key}`), { 'idempotency-key': key })).status,
      ).toBe(201);
      const other = await platform.tokenFor('community_worker', '440106001');
      const response = await post('/api/v1/registry/buildings', building(`丁 ${key}`), {
        'idempotency-key': key,
        authorization: `Bearer ${other}`,
      });
      expect(response.status).toBe(201);
      expect(response.headers.get('idempotency-replayed')).toBeNull();
    });

    it('names a malformed key', async () => {
      const response = await post('/api/v1/registry/buildings', building('x'), {
        'idempotency-key': 'k'.repeat(300),
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as Json).errors[0].field).toBe('header.Idempotency-Key');
    });
  });

  it('refuses a building update whose If-Match is stale (412) and takes the current one', async () => {
    const created = (await (
      await post('/api/v1/registry/buildings', building(`条件楼 ${randomUUID()}`))
    ).json()) as Json;
    const read = await get(`/api/v1/registry/buildings/${created.id}`, worker);
    const etag = read.headers.get('etag')!;
    const patch = (name: string, ifMatch: string) =>
      fetch(`${platform.gateway}/api/v1/registry/buildings/${created.id}`, {
        method: 'PATCH',
        headers: {
          authorization: `Bearer ${worker}`,
          'content-type': 'application/json',
          'if-match': ifMatch,
        },
        body: JSON.stringify({ name }),
      });
    const first = await patch('条件楼 改一', etag);
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).not.toBe(etag);
    const stale = await patch('条件楼 改二', etag);
    expect(stale.status).toBe(412);
    expect(((await stale.json()) as Json).code).toBe('request.precondition_failed');
    expect(
      ((await (await get(`/api/v1/registry/buildings/${created.id}`, worker)).json()) as Json).name,
    ).toBe('条件楼 改一');
  });

  it('tags single resources with an ETag and answers If-None-Match with 304', async () => {
    const response = await get(`/api/v1/registry/units/${community}`, worker);
    expect(response.status).toBe(200);
    const etag = response.headers.get('etag');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    const again = await get(`/api/v1/registry/units/${community}`, worker, {
      'if-none-match': etag!,
      // fetch adds `Cache-Control: no-cache` to conditional requests unless one is given, which (rightly)
      // makes the server answer in full.
      'cache-control': 'max-age=0',
    });
    expect({ status: again.status, etag: again.headers.get('etag') }).toEqual({ status: 304, etag });
  });
});
