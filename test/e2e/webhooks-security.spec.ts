import { randomUUID } from 'node:crypto';
import { waitFor } from '@yiwang/testing';
import { Receiver, call, caseTransition, startGateway, type GatewayOnly, type Json } from './gateway-only.js';
import { docsVerifier, opensslVerify } from './webhook-docs.js';

/**
 * Webhook safety end to end: receivers on internal addresses refused (saved and delivered), signing secrets
 * encrypted at rest and rotated with an overlap. Receivers listen on 127.0.0.1, allowed by that literal
 * alone (gateway-only.ts), so `localhost` stands for a name that resolves to loopback.
 */
describe('webhook safety', () => {
  let gw: GatewayOnly;
  let admin: string;
  const receivers: Receiver[] = [];

  beforeAll(async () => {
    gw = await startGateway('webhooksafety', { WEBHOOK_POLL_MS: '100' });
    admin = await gw.tokenFor('district_admin', '440106');
  }, 600_000);

  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    await gw?.stop();
  });

  const receiver = async () => {
    const r = await Receiver.start();
    receivers.push(r);
    return r;
  };
  const departmentClient = async () => {
    const department = `D${randomUUID().slice(0, 6)}`;
    const created = await call(gw.url, 'POST', '/api/v1/clients', admin, {
      name: `系统 ${department}`,
      unitCode: '440106',
      departmentCode: department,
    });
    expect(created.status).toBe(201);
    return { department, key: `ApiKey ${created.body.clientSecret as string}` };
  };
  const subscribe = async (key: string, body: Json) => {
    const response = await call(gw.url, 'POST', '/api/v1/webhooks', key, body);
    expect(response.status).toBe(201);
    return response.body as { id: string; secret: string } & Json;
  };
  const deliveriesOf = async (key: string, id: string, query = '') =>
    (await call(gw.url, 'GET', `/api/v1/webhooks/${id}/deliveries${query}`, key)).body.items as Json[];

  it('refuses internal receivers when registered, and again when delivering', async () => {
    const client = await departmentClient();
    const r = await receiver();
    const port = new URL(r.url).port;
    for (const [url, kind] of [
      [`http://localhost:${port}/hook`, 'localhost resolves to 127.0.0.1 (loopback)'],
      ['http://169.254.169.254/latest/meta-data/', '(link-local (cloud metadata))'],
      ['http://10.0.0.1/hook', '(private)'],
      ['http://100.64.0.1/hook', '(carrier-grade NAT)'],
      ['http://[::ffff:127.0.0.2]/hook', '(loopback)'],
      ['http://[fd00::1]/hook', '(unique-local)'],
      ['http://0.0.0.0/hook', '(unspecified)'],
      ['http://224.0.0.1/hook', '(multicast)'],
    ]) {
      const refused = await call(gw.url, 'POST', '/api/v1/webhooks', client.key, {
        url,
        eventTypes: ['case.v1.dispatched'],
      });
      expect(refused.status).toBe(400);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(refused.body.errors).toEqual([{ field: 'body.url', message: expect.stringContaining(kind) }]);
    }
    const subscription = await subscribe(client.key, { url: r.url, eventTypes: ['case.v1.dispatched'] });
    const moved = await call(gw.url, 'PATCH', `/api/v1/webhooks/${subscription.id}`, client.key, {
      url: `http://localhost:${port}/hook`,
    });
    expect(moved.status).toBe(400);
    expect(moved.body.errors[0].field).toBe('body.url');

    // After registration the receiver's name came to resolve to loopback (DNS changed): the row is pointed
    // at such a name directly, as no API accepts it. The delivery checks again and refuses, once.
    await gw.db.query(`UPDATE gateway.webhook_subscriptions SET url = $2 WHERE id = $1`, [
      subscription.id,
      `http://localhost:${port}/hook`,
    ]);
    await gw.publishCase(
      'case.v1.dispatched',
      caseTransition('dispatched', { unitCode: '440106001002', departmentCode: client.department }),
    );
    const [dead] = await waitFor(
      async () => {
        const rows = await deliveriesOf(client.key, subscription.id, '?status=dead');
        return rows.length > 0 ? rows : undefined;
      },
      { timeoutMs: 20_000 },
    );
    expect(dead).toMatchObject({
      status: 'dead',
      attempts: 1,
      lastResponseStatus: null,
      lastError: 'refused: localhost resolves to 127.0.0.1 (loopback), which is not allowed',
    });
    await new Promise((resolve) => setTimeout(resolve, 800));
    const detail = (
      await call(gw.url, 'GET', `/api/v1/webhooks/${subscription.id}/deliveries/${dead.id}`, client.key)
    ).body;
    expect(detail.attemptLog).toHaveLength(1);
    expect(detail.attemptLog[0]).toMatchObject({ outcome: 'failed', responseStatus: null });
    expect(r.requests).toHaveLength(0);
  });

  it('keeps signing secrets encrypted at rest, and rotates them with an overlap', async () => {
    const client = await departmentClient();
    const r = await receiver();
    const subscription = await subscribe(client.key, { url: r.url, eventTypes: ['case.v1.dispatched'] });
    const oldSecret = subscription.secret;
    const row = async () =>
      (await gw.db.query(`SELECT * FROM gateway.webhook_subscriptions WHERE id = $1`, [subscription.id]))
        .rows[0];
    const stored = await row();
    expect(stored).not.toHaveProperty('secret');
    expect(stored.secret_enc).toMatch(/^v1\.test1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(JSON.stringify(stored)).not.toContain(oldSecret.slice('whsec_'.length));

    const verify = await docsVerifier();
    const deliverOne = async () => {
      const before = r.requests.length;
      await gw.publishCase(
        'case.v1.dispatched',
        caseTransition('dispatched', { unitCode: '440106001002', departmentCode: client.department }),
      );
      await waitFor(() => r.requests.length > before, { timeoutMs: 20_000 });
      const request = r.requests[before];
      return { body: request.body, header: request.headers['yiwang-signature'] as string };
    };
    const v1Count = (header: string) => header.split(',').filter((f) => f.startsWith('v1=')).length;

    const before = await deliverOne();
    expect(v1Count(before.header)).toBe(1);
    expect(verify(oldSecret, before.body, before.header)).toBe(true);

    const other = await departmentClient();
    expect(
      (await call(gw.url, 'POST', `/api/v1/webhooks/${subscription.id}/rotate-secret`, other.key, {})).status,
    ).toBe(404);
    const rotatedAt = Date.now();
    const rotated = await call(
      gw.url,
      'POST',
      `/api/v1/webhooks/${subscription.id}/rotate-secret`,
      client.key,
      { overlapSeconds: 4 },
    );
    expect(rotated.status).toBe(200);
    expect(rotated.headers.get('cache-control')).toBe('no-store');
    const newSecret = rotated.body.secret as string;
    expect(newSecret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newSecret).not.toBe(oldSecret);
    const expiresAt = Date.parse(rotated.body.previousSecretExpiresAt);
    expect(expiresAt - rotatedAt).toBeGreaterThan(3000);
    expect(expiresAt - rotatedAt).toBeLessThan(6000);
    const afterRotation = await row();
    expect(afterRotation.previous_secret_enc).toBe(stored.secret_enc);
    for (const secret of [oldSecret, newSecret])
      expect(JSON.stringify(afterRotation)).not.toContain(secret.slice('whsec_'.length));

    // During the overlap: both signatures, the new one first; either secret verifies.
    const during = await deliverOne();
    expect(Date.now()).toBeLessThan(expiresAt);
    expect(v1Count(during.header)).toBe(2);
    expect(verify(newSecret, during.body, during.header)).toBe(true);
    expect(verify(oldSecret, during.body, during.header)).toBe(true);
    expect(verify(`${newSecret}x`, during.body, during.header)).toBe(false);
    expect(await opensslVerify(newSecret, during)).toBe('valid\n');
    expect(await opensslVerify(oldSecret, during)).toBe('valid\n');

    // After it: only the new secret signs.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now()) + 300));
    const after = await deliverOne();
    expect(v1Count(after.header)).toBe(1);
    expect(verify(newSecret, after.body, after.header)).toBe(true);
    expect(verify(oldSecret, after.body, after.header)).toBe(false);
    const view = (await call(gw.url, 'GET', `/api/v1/webhooks/${subscription.id}`, client.key)).body;
    expect(view.previousSecretExpiresAt).toBeNull();
    expect(view.secret).toBeUndefined();
  }, 60_000);
});
