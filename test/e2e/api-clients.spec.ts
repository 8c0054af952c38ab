import { randomUUID } from 'node:crypto';
import { ServiceProcess } from '@yiwang/testing';
import { call, startGateway, type GatewayOnly, type Json } from './gateway-only.js';

/** Departmental API clients: client credentials, API keys, rotation, revocation and shared rate limits. */
describe('departmental API clients', () => {
  let gw: GatewayOnly;
  let admin: string;
  const department = `D${randomUUID().slice(0, 6)}`;

  beforeAll(async () => {
    gw = await startGateway('clients');
    admin = await gw.tokenFor('district_admin', '440106');
  }, 600_000);

  afterAll(async () => {
    await gw?.stop();
  });

  const createClient = async (extra: Json = {}) => {
    const created = await call(gw.url, 'POST', '/api/v1/clients', admin, {
      name: '区城管局系统',
      unitCode: '440106',
      departmentCode: department,
      ...extra,
    });
    expect(created.status).toBe(201);
    return created.body as { clientId: string; clientSecret: string } & Json;
  };
  const grant = (body: Record<string, string>, form = false) =>
    fetch(`${gw.url}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' },
      body: form ? new URLSearchParams(body).toString() : JSON.stringify(body),
    });
  const meWithKey = (key: string, style: 'header' | 'authorization' = 'header') =>
    call(
      gw.url,
      'GET',
      '/api/v1/auth/me',
      null,
      undefined,
      style === 'header' ? { 'x-api-key': key } : { authorization: `ApiKey ${key}` },
    );

  it('creates a client whose secret is shown once and stored only as a digest', async () => {
    const client = await createClient();
    expect(client.clientSecret).toMatch(/^ywk_[A-Za-z0-9_-]{43}$/);
    expect(client).toMatchObject({
      roles: ['department_system'],
      unitCode: '440106',
      departmentCode: department,
    });
    const listed = await call(gw.url, 'GET', `/api/v1/clients/${client.clientId}`, admin);
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain(client.clientSecret);
    expect(listed.body.secrets).toHaveLength(1);
    const stored = await gw.db.query(
      `SELECT secret_hash FROM gateway.api_client_secrets WHERE client_id = $1`,
      [client.clientId],
    );
    expect(stored.rows[0].secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.rows[0].secret_hash).not.toContain(client.clientSecret.slice(4, 20));
  });

  it('keeps clients inside the creating admin’s scope', async () => {
    const outside = await call(gw.url, 'POST', '/api/v1/clients', admin, {
      name: 'x',
      unitCode: '440105',
      departmentCode: department,
    });
    expect(outside.status).toBe(403);
    expect(outside.body.code).toBe('clients.out_of_scope');
    const otherAdmin = await gw.tokenFor('district_admin', '440105');
    const client = await createClient();
    expect((await call(gw.url, 'GET', `/api/v1/clients/${client.clientId}`, otherAdmin)).status).toBe(404);
    const list = await call(gw.url, 'GET', '/api/v1/clients?limit=200', otherAdmin);
    expect(list.body.items.map((c: Json) => c.id)).not.toContain(client.clientId);
    const dispatcher = await gw.tokenFor('street_dispatcher', '440106001');
    expect((await call(gw.url, 'GET', '/api/v1/clients', dispatcher)).status).toBe(403);
  });

  it('grants tokens for client credentials, JSON or form-encoded, with OAuth2 errors in problem+json', async () => {
    const { clientId, clientSecret } = await createClient();
    for (const form of [false, true]) {
      const response = await grant(
        { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
        form,
      );
      expect(response.status).toBe(200);
      const token = (await response.json()) as Json;
      expect(token).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
      expect(token.refresh_token).toBeUndefined();
      const me = await call(gw.url, 'GET', '/api/v1/auth/me', token.access_token);
      expect(me.body).toMatchObject({
        subject: clientId,
        kind: 'client',
        roles: ['department_system'],
        scopePath: '44.4401.440106',
        department,
      });
    }
    const basic = await fetch(`${gw.url}/api/v1/auth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
    });
    expect(basic.status).toBe(200);

    const wrong = await grant(
      { grant_type: 'client_credentials', client_id: clientId, client_secret: `ywk_${'A'.repeat(43)}` },
      true,
    );
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
    expect(await wrong.json()).toMatchObject({
      code: 'auth.invalid_client',
      error: 'invalid_client',
      status: 401,
    });
    const missing = await grant({ grant_type: 'client_credentials', client_id: clientId });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: 'invalid_request' });
    const stranger = await grant({
      grant_type: 'client_credentials',
      client_id: 'not-a-uuid',
      client_secret: clientSecret,
    });
    expect(stranger.status).toBe(400);
  });

  it('accepts the secret as an API key in X-API-Key or Authorization: ApiKey', async () => {
    const { clientId, clientSecret } = await createClient();
    for (const style of ['header', 'authorization'] as const) {
      const me = await meWithKey(clientSecret, style);
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ subject: clientId, kind: 'client', department });
    }
    const bad = await meWithKey(`ywk_${'B'.repeat(43)}`);
    expect(bad.status).toBe(401);
    expect(bad.body.code).toBe('auth.api_key_invalid');
    expect((await meWithKey('garbage')).status).toBe(401);
  });

  it('rotates: the old secret works during the grace period, then only the new one', async () => {
    const { clientId, clientSecret: oldSecret } = await createClient();
    const rotated = await call(gw.url, 'POST', `/api/v1/clients/${clientId}/rotate`, admin, {
      graceSeconds: 2,
    });
    expect(rotated.status).toBe(200);
    const newSecret = rotated.body.clientSecret as string;
    expect(newSecret).not.toBe(oldSecret);
    expect((await meWithKey(oldSecret)).status).toBe(200);
    expect((await meWithKey(newSecret)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 2300));
    expect((await meWithKey(oldSecret)).status).toBe(401);
    expect((await meWithKey(newSecret)).status).toBe(200);
    const oldGrant = await grant({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: oldSecret,
    });
    expect(oldGrant.status).toBe(401);
  });

  it('revokes: keys, new grants and already issued tokens stop at once', async () => {
    const { clientId, clientSecret } = await createClient();
    const token = (
      (await (
        await grant({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret })
      ).json()) as Json
    ).access_token as string;
    expect((await call(gw.url, 'GET', '/api/v1/auth/me', token)).status).toBe(200);
    const revoked = await call(gw.url, 'POST', `/api/v1/clients/${clientId}/revoke`, admin);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toBeTruthy();
    expect((await meWithKey(clientSecret)).status).toBe(401);
    const withToken = await call(gw.url, 'GET', '/api/v1/auth/me', token);
    expect(withToken.status).toBe(401);
    expect(withToken.body.code).toBe('auth.client_revoked');
    const again = await grant({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    });
    expect(again.status).toBe(401);
  });

  it('limits each client with a token bucket shared by every gateway replica: 429 with Retry-After', async () => {
    const { clientSecret } = await createClient({ rateLimit: { perSecond: 0.5, burst: 4 } });
    const { clientSecret: otherSecret } = await createClient({ rateLimit: { perSecond: 0.5, burst: 4 } });
    const second = await startGateway('clients');
    try {
      const results = [];
      for (let i = 0; i < 6; i += 1) {
        const base = i % 2 === 0 ? gw.url : second.url;
        results.push(
          await call(base, 'GET', '/api/v1/auth/me', null, undefined, { 'x-api-key': clientSecret }),
        );
      }
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 429, 429]);
      expect(results[0].headers.get('ratelimit-limit')).toBe('4');
      expect(results[0].headers.get('ratelimit-remaining')).toBe('3');
      expect(results[3].headers.get('ratelimit-remaining')).toBe('0');
      const refused = results[4];
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.body).toMatchObject({ status: 429, code: 'rate_limit.exceeded' });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(2);
      expect(refused.headers.get('ratelimit-policy')).toBe('4;w=8');
      // Another client has its own bucket.
      expect(
        (await call(second.url, 'GET', '/api/v1/auth/me', null, undefined, { 'x-api-key': otherSecret }))
          .status,
      ).toBe(200);
      // The bucket refills at its rate: one request every two seconds.
      await new Promise((r) => setTimeout(r, 2100));
      expect(
        (await call(second.url, 'GET', '/api/v1/auth/me', null, undefined, { 'x-api-key': clientSecret }))
          .status,
      ).toBe(200);
      expect(
        (await call(gw.url, 'GET', '/api/v1/auth/me', null, undefined, { 'x-api-key': clientSecret })).status,
      ).toBe(429);
    } finally {
      await second.stop();
    }
  });

  it('creates a client with `npm run gateway -- create-client`', async () => {
    const cli = ServiceProcess.start('gateway', gw.env, 'cli.js', [
      'create-client',
      '--name',
      'cli-client',
      '--unit',
      '440106001',
      '--department',
      department,
      '--rate',
      '5',
    ]);
    expect(await cli.exited()).toBe(0);
    const id = /client_id: (\S+)/.exec(cli.stdoutText())?.[1];
    const secret = /client_secret: (\S+)/.exec(cli.stdoutText())?.[1];
    expect(id).toBeDefined();
    const me = await meWithKey(secret!);
    expect(me.body).toMatchObject({ subject: id, scopePath: '44.4401.440106.440106001', department });
  });

  it('documents the client, webhook and stream routes in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${gw.url}/api/openapi.json`)).json()) as Json;
    expect(doc.openapi).toBe('3.1.0');
    const routes = Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /api/v1/clients',
        'GET /api/v1/clients',
        'POST /api/v1/clients/{id}/rotate',
        'POST /api/v1/clients/{id}/revoke',
        'POST /api/v1/webhooks',
        'PATCH /api/v1/webhooks/{id}',
        'DELETE /api/v1/webhooks/{id}',
        'GET /api/v1/webhooks/{id}/deliveries',
        'POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/replay',
        'GET /api/v1/stream',
      ]),
    );
    const grant = JSON.stringify(doc.paths['/api/v1/auth/token'].post.requestBody);
    expect(grant).toContain('client_credentials');
  });
});
