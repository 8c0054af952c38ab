import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { testDatabaseUrl, waitFor } from '@yiwang/testing';
import { startPlatform, type PlatformStack } from './platform-stack.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
type Json = Record<string, any>;

const COMMUNITY = '440106002003';
const STREET = '440106002';

/**
 * GET /api/v1/assessment end to end: transition events written to the case outbox (as the lifecycle does)
 * → JetStream → the case service's projection → gRPC → gateway, with permission and scope checks.
 * Default calendar and policy: dispatched Tue 3 Nov 2026 10:00, accepted 10:30 (sign-off 2 working hours),
 * resolved 14:00 (completion 37.5 working hours), rated satisfied: every rate 1, score 100.
 */
describe('assessment through the gateway', () => {
  let platform: PlatformStack;
  let pool: pg.Pool;
  let district: string;

  beforeAll(async () => {
    platform = await startPlatform('assessment');
    pool = new pg.Pool({ connectionString: testDatabaseUrl(), max: 2 });
    district = await platform.tokenFor('district_admin', '440106');
    const caseId = randomUUID();
    const steps: Array<[string, string, string, Record<string, string>]> = [
      ['dispatched', 'dispatched', '10:00', { tier: 'street' }],
      ['accepted', 'accepted', '10:30', {}],
      ['resolved', 'resolved', '14:00', {}],
      ['rated', 'rated', '16:00', { rating: 'satisfied' }],
    ];
    let seq = 2;
    for (const [event, state, time, details] of steps) {
      seq += 1;
      const payload = {
        caseId,
        seq,
        category: 'street_light',
        channel: 'grid_worker',
        priority: 'normal',
        state,
        previousState: null,
        unitCode: COMMUNITY,
        unitPath: ['44', '4401', '440106', STREET, COMMUNITY],
        departmentCode: 'D-E2E',
        actor: { subject: 'u', role: 'street_dispatcher', unitCode: STREET, departmentCode: null },
        reason: null,
        details,
        occurredAt: new Date(`2026-11-03T${time}:00+08:00`).toISOString(),
      };
      await pool.query(
        `INSERT INTO "case".outbox (id, subject, payload, headers) VALUES ($1, $2, $3, '{}')`,
        [randomUUID(), `case.v1.${event}`, JSON.stringify(payload)],
      );
    }
    await pool.query(`SELECT pg_notify('outbox_case', '')`);
  }, 420_000);

  afterAll(async () => {
    await pool?.end();
    await platform?.stop();
  });

  const get = (path: string, token: string) =>
    fetch(`${platform.gateway}${path}`, { headers: { authorization: `Bearer ${token}` } });

  it('answers the rates of a community for a period', async () => {
    const body = await waitFor(
      async () => {
        const response = await get(
          `/api/v1/assessment?unit=${COMMUNITY}&from=2026-11-01&to=2026-11-30`,
          district,
        );
        const json = (await response.json()) as Json;
        const counts = json.items?.[0]?.counts;
        // Events arrive in any order (a consumer per subject): wait for all four.
        return response.status === 200 &&
          counts?.rated === 1 &&
          counts.resolved === 1 &&
          counts.acceptedOnTime === 1
          ? json
          : undefined;
      },
      { timeoutMs: 30_000, what: 'the projection to count the case' },
    );
    expect(body.items).toEqual([
      {
        level: 'community',
        unit: COMMUNITY,
        parent: STREET,
        counts: {
          dispatched: 1,
          acceptedOnTime: 1,
          due: 1,
          resolved: 1,
          resolvedOnTime: 1,
          rated: 1,
          satisfied: 1,
          basicallySatisfied: 0,
        },
        rates: { response: 1, resolution: 1, satisfaction: 1, onTime: 1, score: 100 },
      },
    ]);
    const ranking = (await (
      await get(
        `/api/v1/assessment/rankings?level=department&parent=440106&from=2026-11-03&to=2026-11-03`,
        district,
      )
    ).json()) as Json;
    expect(ranking.items).toEqual([expect.objectContaining({ unit: 'D-E2E', rank: 1 })]);
  });

  it('checks permission, scope and input', async () => {
    const grid = await platform.tokenFor('grid_worker', COMMUNITY);
    expect(
      (await get(`/api/v1/assessment?unit=${COMMUNITY}&from=2026-11-01&to=2026-11-30`, grid)).status,
    ).toBe(403);
    const otherStreet = await platform.tokenFor('street_dispatcher', '440106001');
    const denied = await get(
      `/api/v1/assessment?unit=${COMMUNITY}&from=2026-11-01&to=2026-11-30`,
      otherStreet,
    );
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as Json).code).toBe('assessment.out_of_scope');
    const bad = await get(`/api/v1/assessment?unit=${COMMUNITY}&from=yesterday&to=2026-11-30`, district);
    expect(bad.status).toBe(400);
    const reversed = await get(
      `/api/v1/assessment?unit=${COMMUNITY}&from=2026-11-30&to=2026-11-01`,
      district,
    );
    expect(reversed.status).toBe(400);
    const cards = await get(`/api/v1/assessment/cards?unit=${COMMUNITY}`, district);
    expect(cards.status).toBe(200);
    const doc = (await (await fetch(`${platform.gateway}/api/openapi.json`)).json()) as Json;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/assessment',
        '/api/v1/assessment/rankings',
        '/api/v1/assessment/cards',
      ]),
    );
  });
});
