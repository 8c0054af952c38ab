import { createHmac, timingSafeEqual } from 'node:crypto';
import { waitFor } from '@yiwang/testing';
import { CaseFixture, insideOf, type Json } from './case-fixture.js';
import { Receiver } from './gateway-only.js';

const STREET = '440106001';
const OFFICE = `${STREET}-urban_management`;

/**
 * The "done when": a departmental system, as an API client, registers a webhook, receives
 * case.v1.dispatched for its department, and accepts and resolves the case through the API. Every service
 * is a real process; the receiver is a real HTTP server.
 */
describe('a departmental system end to end', () => {
  let f: CaseFixture;
  let receiver: Receiver;

  beforeAll(async () => {
    f = await CaseFixture.start('deptflow', {
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      WEBHOOK_POLL_MS: '100',
    });
    receiver = await Receiver.start();
  }, 240_000);

  afterAll(async () => {
    await receiver?.close();
    await f?.stop();
  });

  it('registers a webhook, receives its dispatch, accepts and resolves the case', async () => {
    const gateway = f.platform.gateway;
    const admin = await f.token('district_admin', '440106');
    const created = await f.json('POST', '/api/v1/clients', admin, {
      name: '街道城管科业务系统',
      unitCode: STREET,
      departmentCode: OFFICE,
    });
    // The departmental system signs in with the client-credentials grant (form-encoded, as OAuth2 libraries do).
    const grant = await fetch(`${gateway}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: created.clientId,
        client_secret: created.clientSecret,
      }).toString(),
    });
    expect(grant.status).toBe(200);
    const system = ((await grant.json()) as Json).access_token as string;

    const subscription = await f.json('POST', '/api/v1/webhooks', system, {
      url: receiver.url,
      eventTypes: ['case.v1.dispatched'],
    });

    // A grid worker reports inside the demo street; the street dispatcher registers and dispatches it.
    const grids = await f.json('GET', `/api/v1/registry/grids?unit=${STREET}&boundary=true&limit=5`, admin);
    const grid = grids.items[0] as Json;
    const point = insideOf(grid);
    const gridWorker = await f.token('grid_worker', grid.code);
    const dispatcher = await f.token('street_dispatcher', STREET);
    await waitFor(
      async () =>
        (await f.request('GET', `/api/v1/registry/locate?lat=${point.lat}&lng=${point.lng}`, admin))
          .status === 200,
      { what: 'the location index', timeoutMs: 20_000 },
    );
    const reported = await f.create(gridWorker, { location: point });
    await f.act(dispatcher, reported.id, 'register');
    const dispatched = await f.act(dispatcher, reported.id, 'dispatch');
    expect(dispatched).toMatchObject({ state: 'dispatched', departmentCode: OFFICE });

    const delivery = await waitFor(
      () => receiver.requests.find((r) => (JSON.parse(r.body) as Json).data.caseId === reported.id),
      { what: 'the webhook delivery', timeoutMs: 20_000 },
    );
    const event = JSON.parse(delivery.body) as Json;
    expect(event).toMatchObject({
      type: 'case.v1.dispatched',
      data: { caseId: reported.id, state: 'dispatched', departmentCode: OFFICE },
    });
    const signature = String(delivery.headers['yiwang-signature']);
    const [, t, v1] = /^t=([0-9]+),v1=([0-9a-f]{64})$/.exec(signature)!;
    const expected = createHmac('sha256', subscription.secret).update(`${t}.${delivery.body}`).digest();
    expect(timingSafeEqual(Buffer.from(v1, 'hex'), expected)).toBe(true);

    // The system acts on the case with its own token: accept, start work, resolve.
    const accepted = await f.act(system, reported.id, 'accept');
    expect(accepted).toMatchObject({ state: 'accepted', departmentCode: OFFICE });
    expect((await f.act(system, reported.id, 'start')).state).toBe('in_progress');
    const resolved = await f.act(system, reported.id, 'resolve', { result: '已派人修复路灯' });
    expect(resolved).toMatchObject({ state: 'resolved', result: '已派人修复路灯' });
    const detail = await f.get(system, reported.id);
    const steps = (detail.timeline as Json[]).map((step) => [step.action, step.actorRole]);
    expect(steps).toEqual(
      expect.arrayContaining([
        ['accept', 'department_system'],
        ['start', 'department_system'],
        ['resolve', 'department_system'],
      ]),
    );

    // Only the dispatch was subscribed to, and the log shows it delivered.
    const log = await f.json('GET', `/api/v1/webhooks/${subscription.id}/deliveries`, system);
    const mine = (log.items as Json[]).filter((d) => d.eventType === 'case.v1.dispatched');
    expect(mine.some((d) => d.status === 'succeeded')).toBe(true);
    expect(receiver.requests.every((r) => (JSON.parse(r.body) as Json).type === 'case.v1.dispatched')).toBe(
      true,
    );
  });
});
