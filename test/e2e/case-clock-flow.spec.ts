import pg from 'pg';
import { testDatabaseUrl, waitFor } from '@yiwang/testing';
import { CaseFixture, insideOf, type Json } from './case-fixture.js';

const STREET = '440106001';
const OFFICE = `${STREET}-urban_management`;

/**
 * The clocks, cards and assessment fed by the real lifecycle (not hand-written events): a case reported,
 * registered, dispatched, accepted, started, supervised by hand, resolved and rated through the gateway.
 */
describe('case-clock on the real lifecycle', () => {
  let f: CaseFixture;
  let pool: pg.Pool;
  let point: { lat: number; lng: number };
  const t: Record<string, string> = {};

  beforeAll(async () => {
    f = await CaseFixture.start('clockflow');
    pool = new pg.Pool({ connectionString: testDatabaseUrl(), max: 2 });
    t.admin = await f.token('district_admin', '440106');
    const grids = await f.json('GET', `/api/v1/registry/grids?unit=${STREET}&boundary=true&limit=5`, t.admin);
    point = insideOf(grids.items[0]);
    t.street = await f.token('street_dispatcher', STREET);
    t.grid = await f.token('grid_worker', grids.items[0].code);
    t.office = await f.token('department_handler', STREET, OFFICE);
    t.supervisor = await f.token('supervisor', '440106');
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
  });

  const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const officeCounts = async () => {
    const day = today();
    const body = await f.json('GET', `/api/v1/assessment?unit=${OFFICE}&from=${day}&to=${day}`, t.admin);
    return (body.items[0]?.counts ?? {}) as Record<string, number>;
  };
  const clocks = async (caseId: string) =>
    Object.fromEntries(
      (
        await pool.query(`SELECT kind, state FROM "case".deadline_clocks WHERE case_id = $1`, [caseId])
      ).rows.map((r) => [r.kind, r.state]),
    );

  it('starts and stops the clocks, keeps the manual card and counts the case once', async () => {
    const before = await officeCounts();
    const c = await f.create(t.grid, { location: point });
    await f.act(t.street, c.id, 'register');
    expect((await f.act(t.street, c.id, 'dispatch')).departmentCode).toBe(OFFICE);
    await waitFor(async () => (await clocks(c.id)).completion === 'running', { what: 'the clocks to start' });
    expect(await clocks(c.id)).toEqual({
      tier: 'running',
      sign_off: 'running',
      response: 'running',
      completion: 'running',
    });
    await f.act(t.office, c.id, 'accept');
    await f.act(t.office, c.id, 'start');
    await f.act(t.supervisor, c.id, 'supervise', { reason: '群众反映强烈' });
    await f.act(t.office, c.id, 'resolve', { result: '已修复' });
    await f.act(t.street, c.id, 'rate', { rating: 'satisfied' });
    await waitFor(
      async () => {
        const now = await clocks(c.id);
        return now.completion === 'met' && now.sign_off === 'met' && now.response === 'met' ? now : undefined;
      },
      { what: 'the clocks to stop on time' },
    );
    expect((await clocks(c.id)).tier).toBe('cancelled');

    const cards = await waitFor(
      async () => {
        const body = await f.json('GET', `/api/v1/assessment/cards?caseId=${c.id}`, t.admin);
        return body.items.length > 0 ? (body.items as Json[]) : undefined;
      },
      { what: 'the manual card' },
    );
    expect(cards).toEqual([
      expect.objectContaining({
        card: 'notice',
        origin: 'manual',
        targetUnit: OFFICE,
        reason: '群众反映强烈',
      }),
    ]);

    const after = await waitFor(
      async () => {
        const counts = await officeCounts();
        return (counts.rated ?? 0) > (before.rated ?? 0) ? counts : undefined;
      },
      { what: 'the assessment to count the rating' },
    );
    for (const counter of [
      'dispatched',
      'acceptedOnTime',
      'due',
      'resolved',
      'resolvedOnTime',
      'rated',
      'satisfied',
    ]) {
      expect([counter, (after[counter] ?? 0) - (before[counter] ?? 0)]).toEqual([counter, 1]);
    }
  });
});
