import { randomUUID } from 'node:crypto';
import { SignJWT, generateKeyPair, importJWK, type JWK } from 'jose';
import pg from 'pg';
import { testDatabaseUrl } from '@yiwang/testing';
import { startPlatform, type PlatformStack } from './platform-stack.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
type Json = Record<string, any>;

/** The built-in identity provider and the gateway's deny-by-default door, with real processes. */
describe('gateway identity', () => {
  let platform: PlatformStack;
  let db: pg.Pool;

  beforeAll(async () => {
    platform = await startPlatform('auth');
    db = new pg.Pool({ connectionString: testDatabaseUrl(), max: 2 });
  }, 90_000);

  afterAll(async () => {
    await db?.end();
    await platform?.stop();
  });

  const login = (username: string, password: string) =>
    fetch(`${platform.gateway}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
  const me = (token: string) =>
    fetch(`${platform.gateway}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });

  it('refuses every API route without a token, with problem+json and WWW-Authenticate', async () => {
    const response = await fetch(`${platform.gateway}/api/v1/cases/${randomUUID()}`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(((await response.json()) as Json).code).toBe('auth.token_missing');
  });

  it('logs in with a password and carries roles, permissions and the unit subtree as scope', async () => {
    const { username, password } = await platform.createUserWithCli('street_dispatcher', '440106001');
    const response = await login(username, password);
    expect(response.status).toBe(200);
    const tokens = (await response.json()) as Json;
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
    const identity = (await (await me(tokens.access_token)).json()) as Json;
    expect(identity).toMatchObject({
      roles: ['street_dispatcher'],
      scopePath: '44.4401.440106.440106001',
      kind: 'user',
    });
    expect(identity.permissions).toEqual(expect.arrayContaining(['case:dispatch', 'registry:read']));
    expect(identity.permissions).not.toContain('registry:read-pii');
  });

  it('answers a wrong password and an unknown user alike, then locks after repeated failures', async () => {
    const { username, password } = await platform.createUser('grid_worker', '440106001002');
    const wrong = await login(username, 'not-the-password');
    const unknown = await login(`nobody${Date.now()}`, 'whatever-password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(((await wrong.json()) as Json).detail).toBe(((await unknown.json()) as Json).detail);
    for (let i = 0; i < 4; i += 1) expect((await login(username, 'still-wrong')).status).toBe(401);
    const locked = await login(username, password);
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as Json).code).toBe('auth.locked');
  });

  it('rotates refresh tokens and revokes the family when a used one comes back', async () => {
    const { username, password } = await platform.createUser('community_worker', '440106001002');
    const first = (await (await login(username, password)).json()) as Json;
    const refresh = (token: string) =>
      fetch(`${platform.gateway}/api/v1/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: token }),
      });
    const second = await refresh(first.refresh_token);
    expect(second.status).toBe(200);
    const rotated = (await second.json()) as Json;
    expect(rotated.refresh_token).not.toBe(first.refresh_token);
    expect((await refresh(first.refresh_token)).status).toBe(401); // replayed
    expect((await refresh(rotated.refresh_token)).status).toBe(401); // its family is revoked
  });

  describe('refuses tokens that are', () => {
    let key: { kid: string; jwk: JWK };
    const claims = { roles: ['district_admin'], unit: '440106', kind: 'user' };

    beforeAll(async () => {
      // A valid login makes sure the provider has created its signing key.
      const { username, password } = await platform.createUser('supervisor', '440106');
      await login(username, password);
      const { rows } = await db.query(
        `SELECT kid, private_jwk FROM gateway.signing_keys ORDER BY created_at DESC LIMIT 1`,
      );
      key = { kid: rows[0].kid, jwk: rows[0].private_jwk };
    });

    const sign = async (
      options: { exp?: string | number; aud?: string; iss?: string; jwk?: JWK } = {},
    ): Promise<string> =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: key.kid })
        .setIssuer(options.iss ?? 'yiwang-gateway')
        .setAudience(options.aud ?? 'yiwang')
        .setSubject(randomUUID())
        .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
        .setExpirationTime(options.exp ?? '10m')
        .sign(await importJWK(options.jwk ?? key.jwk, 'ES256'));

    it('well formed and signed by the provider (control)', async () => {
      expect((await me(await sign())).status).toBe(200);
    });

    it('expired', async () => {
      const response = await me(await sign({ exp: Math.floor(Date.now() / 1000) - 60 }));
      expect(response.status).toBe(401);
      expect(((await response.json()) as Json).detail).toMatch(/expired/);
    });

    it('signed with another key under the same kid', async () => {
      const { privateKey } = await generateKeyPair('ES256', { extractable: true });
      const { exportJWK } = await import('jose');
      const response = await me(await sign({ jwk: await exportJWK(privateKey) }));
      expect(response.status).toBe(401);
      expect(((await response.json()) as Json).detail).toMatch(/signature/);
    });

    it('unsigned (alg: none)', async () => {
      const encode = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      const token = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ ...claims, sub: 'x', iss: 'yiwang-gateway', aud: 'yiwang', exp: now + 600 })}.`;
      expect((await me(token)).status).toBe(401);
    });

    it('for another audience or from another issuer', async () => {
      const audience = await me(await sign({ aud: 'someone-else' }));
      expect(audience.status).toBe(401);
      expect(((await audience.json()) as Json).detail).toMatch(/aud/);
      expect((await me(await sign({ iss: 'https://evil.example' }))).status).toBe(401);
    });
  });

  it('answers 403 naming the permission a role lacks', async () => {
    const token = await platform.tokenFor('department_handler', '440106', {
      department: '440106-urban_management',
    });
    const response = await fetch(`${platform.gateway}/api/v1/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: '{}',
    });
    expect(response.status).toBe(403);
    expect((await response.json()) as Json).toMatchObject({
      code: 'auth.forbidden',
      detail: expect.stringMatching(/case:report/),
    });
  });
});
