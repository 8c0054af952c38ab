import { randomUUID } from 'node:crypto';
import { protoFiles, type caseAssessmentV1 } from '@yiwang/contracts';
import { GrpcClient, IdentityContext, type Identity } from '@yiwang/platform';
import { waitFor } from '@yiwang/testing';
import { publish, startClockService, transition, type ClockFixture } from '../deadlines/clock-fixture.js';

type Client = GrpcClient<caseAssessmentV1.AssessmentServiceClient>;

const DAY = '2026-11-02';
const at = (hhmm: string) => new Date(`${DAY}T${hhmm}:00+08:00`);
const STREET = '440106001';
const C1 = '440106001001';
const C2 = '440106001002';

/**
 * Six cases dispatched on 2 Nov 2026 (Asia/Shanghai), clocks on a 24 h calendar: sign-off 1 h (due 11:00),
 * completion 4 h (due 14:00). Events are all written at once and arrive in any order.
 *   c1 C1 D-URBAN: accepted 10:30 (on time), resolved 12:00 (on time), satisfied
 *   c2 C1 D-URBAN: accepted 11:30 (late),    resolved 15:00 (late),    basically satisfied
 *   c3 C1 D-WATER: accepted 10:10 (on time), resolved 13:00 (on time), dissatisfied
 *   c4 C2 D-URBAN: accepted 10:20 (on time), never resolved: overdue at 14:00 (due, unresolved)
 *   c5 C2 D-WATER: never accepted, never resolved: overdue (due, unresolved)
 *   c6 C2 D-WATER: accepted, resolved, satisfied, then closed as unreasonable: left out entirely
 * Hand-computed (basically satisfied counts as satisfied, weights 30/35/35):
 *   street 440106001: response 3/5, resolution 3/5, satisfaction 2/3, on time 2/3;
 *     score 30·0.6 + 35·0.6 + 35·2/3 = 62.333…
 *   community C1: response 2/3, resolution 3/3, satisfaction 2/3, on time 2/3; score 20 + 35 + 23.333 = 78.333…
 *   community C2: response 1/2, resolution 0/2, no ratings, no resolved; score (30·0.5 + 35·0) / 65 = 23.077…
 *   D-URBAN: response 2/3, resolution 2/3, satisfaction 2/2, on time 1/2; score 20 + 23.333 + 35 = 78.333…
 *   D-WATER: response 1/2, resolution 1/2, satisfaction 0/1, on time 1/1; score 15 + 17.5 + 0 = 32.5
 */
describe('assessment: the three rates on a hand-computed fixture', () => {
  let f: ClockFixture;
  let client: Client;
  let c5: string;
  const service: Identity = {
    subject: 'test',
    roles: ['service'],
    permissions: [],
    scopePath: null,
    department: null,
    kind: 'service',
  };
  const streetUser: Identity = {
    ...service,
    kind: 'user',
    roles: ['street_admin'],
    scopePath: `44.4401.440106.${STREET}`,
  };
  const otherStreet: Identity = { ...streetUser, scopePath: '44.4401.440106.440106002' };
  const call = <T>(identity: Identity, method: string, request: unknown): Promise<T> =>
    IdentityContext.run(identity, () => client.call(method as never, request as never) as Promise<T>);
  const get = (unit: string, identity = service) =>
    call<caseAssessmentV1.GetAssessmentResponse>(identity, 'getAssessment', {
      unit,
      from: DAY,
      to: DAY,
    }).then((r) => r.assessments[0]);

  beforeAll(async () => {
    f = await startClockService('rates');
    client = new GrpcClient({
      protoFiles: protoFiles.case,
      service: 'yiwang.case.v1.AssessmentService',
      address: `127.0.0.1:${f.grpcPort}`,
    });
    const write = async (
      community: string,
      department: string,
      steps: Array<[string, string, Record<string, string | number | boolean>?]>,
    ) => {
      const caseId = randomUUID();
      const over = {
        unitCode: community,
        unitPath: ['44', '4401', '440106', STREET, community],
        departmentCode: department,
      };
      let seq = 2;
      for (const [event, time, details] of [['dispatched', '10:00'] as [string, string], ...steps]) {
        seq += 1;
        await publish(
          f.pool,
          event,
          transition(caseId, seq, 'dispatched', at(time), { ...over, details: details ?? {} }),
        );
      }
      return caseId;
    };
    await write(C1, 'D-URBAN', [
      ['accepted', '10:30'],
      ['resolved', '12:00'],
      ['rated', '16:00', { rating: 'satisfied' }],
    ]);
    await write(C1, 'D-URBAN', [
      ['accepted', '11:30'],
      ['resolved', '15:00'],
      ['rated', '16:00', { rating: 'basically_satisfied' }],
    ]);
    await write(C1, 'D-WATER', [
      ['accepted', '10:10'],
      ['resolved', '13:00'],
      ['rated', '16:00', { rating: 'dissatisfied' }],
    ]);
    await write(C2, 'D-URBAN', [['accepted', '10:20']]);
    c5 = await write(C2, 'D-WATER', []);
    await write(C2, 'D-WATER', [
      ['accepted', '10:05'],
      ['resolved', '11:00'],
      ['rated', '12:00', { rating: 'satisfied' }],
      ['closed', '12:30', { closeReason: 'resolved', unreasonable: true }],
    ]);
  }, 90_000);

  afterAll(async () => {
    client?.close();
    await f?.close();
  });

  it('keeps the counters per street, community and department', async () => {
    // Everything has arrived once the street shows five cases, five due (two via overdue events).
    const expected = {
      dispatched: 5,
      acceptedOnTime: 3,
      due: 5,
      resolved: 3,
      resolvedOnTime: 2,
      rated: 3,
      satisfied: 1,
      basicallySatisfied: 1,
    };
    // Events arrive in any order, on a consumer per subject: the figures converge on the hand-computed ones
    // (a timeout here means they never did).
    const street = await waitFor(
      async () => {
        const found = await get(STREET);
        return JSON.stringify(found?.counts) === JSON.stringify(expected) ? found : undefined;
      },
      { timeoutMs: 30_000, what: 'the street counters to reach the hand-computed figures' },
    );
    expect(street.counts).toEqual(expected);
    expect(street.rates!.response).toBeCloseTo(0.6, 10);
    expect(street.rates!.resolution).toBeCloseTo(0.6, 10);
    expect(street.rates!.satisfaction).toBeCloseTo(2 / 3, 10);
    expect(street.rates!.onTime).toBeCloseTo(2 / 3, 10);
    expect(street.rates!.score).toBeCloseTo(62.3333333, 5);

    const c1 = await get(C1);
    expect([c1.rates!.response, c1.rates!.resolution, c1.rates!.satisfaction, c1.rates!.onTime]).toEqual([
      2 / 3,
      1,
      2 / 3,
      2 / 3,
    ]);
    expect(c1.rates!.score).toBeCloseTo(78.3333333, 5);
    const c2 = await get(C2);
    expect(c2.counts).toMatchObject({ dispatched: 2, acceptedOnTime: 1, due: 2, resolved: 0, rated: 0 });
    expect(c2.rates!.satisfaction).toBeUndefined();
    expect(c2.rates!.onTime).toBeUndefined();
    expect(c2.rates!.score).toBeCloseTo((100 * 15) / 65, 5);

    const urban = await get('D-URBAN');
    expect(urban.level).toBe('department');
    expect(urban.rates!.response).toBeCloseTo(2 / 3, 10);
    expect(urban.rates!.resolution).toBeCloseTo(2 / 3, 10);
    expect(urban.rates!.satisfaction).toBe(1);
    expect(urban.rates!.onTime).toBe(0.5);
    expect(urban.rates!.score).toBeCloseTo(78.3333333, 5);
    const water = await get('D-WATER');
    expect(water.counts).toMatchObject({ dispatched: 2, acceptedOnTime: 1, due: 2, resolved: 1, rated: 1 });
    expect(water.rates!.score).toBeCloseTo(32.5, 5);
  });

  it('ranks communities within the street and keeps to the caller scope', async () => {
    const { rankings } = await call<caseAssessmentV1.RankingsResponse>(streetUser, 'rankings', {
      level: 'community',
      parent: STREET,
      from: DAY,
      to: DAY,
      limit: 10,
    });
    expect(rankings.map((r) => [r.unit, r.rank])).toEqual([
      [C1, 1],
      [C2, 2],
    ]);
    expect((await get(C1, streetUser)).unit).toBe(C1);
    await expect(get(C1, otherStreet)).rejects.toMatchObject({ code: 'assessment.out_of_scope' });
    // A period without the dispatch day has nothing.
    const before = await call<caseAssessmentV1.GetAssessmentResponse>(service, 'getAssessment', {
      unit: STREET,
      from: '2026-10-01',
      to: '2026-11-01',
    });
    expect(before.assessments).toEqual([]);
  });

  it('lists the red cards of the overdue cases', async () => {
    const { cards } = await call<caseAssessmentV1.ListCardsResponse>(service, 'listCards', {
      department: 'D-WATER',
      caseId: c5,
      limit: 50,
    });
    // c5: sign-off, response and completion all overdue (warnings superseded: found after their due times).
    expect(
      cards
        .filter((c) => c.card === 'red')
        .map((c) => c.clock)
        .sort(),
    ).toEqual(['completion', 'response', 'sign_off']);
  });
});
