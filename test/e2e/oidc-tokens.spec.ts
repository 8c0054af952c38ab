import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';
import { startPlatform, type PlatformStack } from './platform-stack.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
type Json = Record<string, any>;

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

const ISSUER = 'https://idp.example.test/realms/yiwang';
const AUDIENCE = 'yiwang-api';

/**
 * Tokens of an external OIDC provider, verified against its JWKS served by a local server: valid ones
 * are accepted; expired, wrongly signed, unsigned, other-audience and other-issuer ones are refused.
 */
describe('OIDC access tokens', () => {
  let platform: PlatformStack;
  let jwksServer: Server;
  let key: { kid: string; privateKey: PrivateKey; publicJwk: JWK };

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    key = {
      kid: `k-${randomUUID()}`,
      privateKey: pair.privateKey,
      publicJwk: await exportJWK(pair.publicKey),
    };
    jwksServer = createServer((request, response) => {
      if (request.url !== '/certs') return void response.writeHead(404).end();
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: [{ ...key.publicJwk, kid: key.kid, alg: 'RS256', use: 'sig' }] }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const { port } = jwksServer.address() as AddressInfo;
    platform = await startPlatform('oidc', {
      OIDC_ISSUER: ISSUER,
      OIDC_AUDIENCE: AUDIENCE,
      OIDC_JWKS_URL: `http://127.0.0.1:${port}/certs`,
      OIDC_ROLES_CLAIM: 'realm_access.roles',
      OIDC_UNIT_CLAIM: 'division',
    });
  }, 180_000);

  afterAll(async () => {
    await platform?.stop();
    await new Promise((resolve) => jwksServer?.close(resolve));
  });

  const me = (token: string) =>
    fetch(`${platform.gateway}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });
  const claims = { realm_access: { roles: ['street_dispatcher', 'not_a_role'] }, division: '440106001' };
  const sign = async (
    options: {
      exp?: number | string;
      aud?: string;
      iss?: string;
      privateKey?: PrivateKey;
      kid?: string;
    } = {},
  ) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? key.kid })
      .setIssuer(options.iss ?? ISSUER)
      .setAudience(options.aud ?? AUDIENCE)
      .setSubject(`oidc-${randomUUID()}`)
      .setIssuedAt()
      .setExpirationTime(options.exp ?? '5m')
      .sign(options.privateKey ?? key.privateKey);
  const refused = async (token: string, detail?: RegExp) => {
    const response = await me(token);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const problem = (await response.json()) as Json;
    expect(problem.code).toBe('auth.token_invalid');
    if (detail) expect(problem.detail).toMatch(detail);
  };

  it('accepts a valid token, with roles and unit from the configured claims', async () => {
    const response = await me(await sign());
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      roles: ['street_dispatcher'],
      scopePath: '44.4401.440106.440106001',
    });
  });

  it('refuses an expired token', async () => {
    await refused(await sign({ exp: Math.floor(Date.now() / 1000) - 120 }), /expired/);
  });

  it('refuses a token signed by another key (same kid, and an unknown kid)', async () => {
    const other = await generateKeyPair('RS256');
    await refused(await sign({ privateKey: other.privateKey }), /signature/);
    await refused(await sign({ privateKey: other.privateKey, kid: 'unknown' }));
  });

  it('refuses alg: none, and HS256 keyed with the public key', async () => {
    const encode = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const payload = { ...claims, sub: 'x', iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 300 };
    await refused(`${encode({ alg: 'none', typ: 'JWT' })}.${encode(payload)}.`);
    const secret = new TextEncoder().encode(JSON.stringify(key.publicJwk));
    const hs = await new SignJWT(payload).setProtectedHeader({ alg: 'HS256', kid: key.kid }).sign(secret);
    await refused(hs);
  });

  it('refuses another audience and another issuer', async () => {
    await refused(await sign({ aud: 'another-api' }), /aud/);
    await refused(await sign({ iss: 'https://idp.example.test/realms/other' }));
  });
});
