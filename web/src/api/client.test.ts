import { afterEach, describe, expect, it, vi } from 'vitest';
import { session } from '../auth/session';
import { api, ApiError, buildUrl } from './client';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const token = (claims: object) => `h.${btoa(JSON.stringify(claims)).replace(/=+$/, '')}.s`;

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

describe('API client', () => {
  it('fills path parameters and drops empty query values', () => {
    expect(
      buildUrl('/api/v1/registry/units/{code}', { code: '4401 06' }, { a: 1, b: '', c: undefined, d: null }),
    ).toBe('/api/v1/registry/units/4401%2006?a=1');
  });

  it('turns a problem+json answer into an ApiError with its code and field errors', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        json(400, { code: 'request.invalid', detail: 'bad', errors: [{ field: 'unit', message: 'no' }] }),
      ),
    );
    const error = await api.get('/api/v1/registry/units').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'request.invalid', errors: [{ field: 'unit' }] });
  });

  it('refreshes once on a 401 and retries with the new token', async () => {
    session.store({ access_token: token({ sub: 'old' }), refresh_token: 'r'.repeat(30), expires_in: 60 });
    const fresh = token({ sub: 'new' });
    const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
      if (url === '/api/v1/auth/token')
        return json(200, { access_token: fresh, refresh_token: 's'.repeat(30) });
      const auth = (init?.headers as Record<string, string>).authorization;
      return auth === `Bearer ${fresh}` ? json(200, { ok: true }) : json(401, { code: 'auth.token_expired' });
    });
    vi.stubGlobal('fetch', fetchMock);
    await expect(api.get('/api/v1/auth/me')).resolves.toEqual({ ok: true });
    expect(fetchMock).toHaveBeenCalledTimes(3);
    expect(session.claims()?.sub).toBe('new');
  });

  it('ends the session when the refresh is refused', async () => {
    session.store({ access_token: token({ sub: 'old' }), refresh_token: 'r'.repeat(30), expires_in: 60 });
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => json(401, { code: 'auth.invalid_token' })),
    );
    await expect(api.get('/api/v1/auth/me')).rejects.toMatchObject({ status: 401 });
    expect(session.accessToken()).toBeNull();
  });
});
