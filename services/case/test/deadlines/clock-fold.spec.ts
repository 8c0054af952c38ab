import { WorkingCalendar } from '../../src/calendar/index.js';
import { caseContribution, contributionDelta } from '../../src/assessment/assessment-fold.js';
import { foldClocks, type TrackedEvent } from '../../src/deadlines/clock-fold.js';
import { DeadlinePolicy, deadlinePolicyConfigSchema } from '../../src/deadlines/deadline-policy.js';

const calendar = new WorkingCalendar();
const policy = new DeadlinePolicy();
const sh = (local: string) => new Date(`${local}+08:00`);
const ev = (seq: number, event: string, at: string, details: TrackedEvent['details'] = {}): TrackedEvent => ({
  seq,
  event,
  occurredAt: sh(at),
  category: 'street_light',
  priority: 'normal',
  details,
});

/** Default policy (normal: sign-off 2 h, response 7.5 h, completion 37.5 h) on the real 2025 calendar. */
describe('foldClocks across the National Day holiday', () => {
  const events = [
    ev(3, 'dispatched', '2025-09-30T16:00:00'),
    ev(4, 'accepted', '2025-10-09T08:00:00'),
    ev(5, 'suspended', '2025-10-09T10:00:00'),
    ev(6, 'resumed', '2025-10-10T10:00:00'),
    ev(7, 'extended', '2025-10-10T11:00:00', { extendWorkingHours: 4 }),
    ev(8, 'resolved', '2025-10-16T10:00:00'),
  ];

  it('starts the clocks from the dispatch in working hours', () => {
    const clocks = foldClocks(events.slice(0, 1), { policy, calendar });
    expect(clocks.get('sign_off')!.dueAt).toEqual(sh('2025-09-30T18:00:00'));
    // 2 h on 30 Sept, then 5.5 h on 9 Oct: 09:00–12:00 and 13:30–16:00.
    expect(clocks.get('response')!.dueAt).toEqual(sh('2025-10-09T16:00:00'));
    // 2 + 7.5 (9 Oct) + 7.5 (10 Oct) + 7.5 (Sat 11 Oct) + 7.5 (13 Oct) = 32, then 5.5 h on 14 Oct.
    expect(clocks.get('completion')!.dueAt).toEqual(sh('2025-10-14T16:00:00'));
    // Warning at 75 %: 1.5 h of the sign-off clock.
    expect(clocks.get('sign_off')!.warnAt).toEqual(sh('2025-09-30T17:30:00'));
  });

  it('pauses, resumes by one working day, extends, and judges the stops', () => {
    const clocks = foldClocks(events, { policy, calendar });
    expect(clocks.get('sign_off')!.state).toBe('missed'); // accepted 9 Oct, due 30 Sept 18:00
    // Paused a working day (9 Oct 10:00 → 10 Oct 10:00): due 15 Oct 16:00; extended 4 h: 16 Oct 11:00.
    const completion = clocks.get('completion')!;
    expect(completion.dueAt).toEqual(sh('2025-10-16T11:00:00'));
    expect(completion.state).toBe('met');
    expect(clocks.get('response')!.state).toBe('cancelled'); // never started, resolved
  });

  it('gives the same clocks whatever order the events are folded in after sorting by seq', () => {
    const shuffled = [...events].reverse().sort((a, b) => a.seq - b.seq);
    expect(foldClocks(shuffled, { policy, calendar })).toEqual(foldClocks(events, { policy, calendar }));
  });

  it('takes category overrides and tier clocks', () => {
    const custom = new DeadlinePolicy(
      deadlinePolicyConfigSchema.parse({
        categories: { street_light: { normal: { completion: 3 } } },
        tiers: { grid: 2 },
      }),
    );
    const clocks = foldClocks(
      [
        ev(2, 'registered', '2025-11-12T09:00:00', { tier: 'grid' }),
        ev(3, 'dispatched', '2025-11-12T09:00:00'),
      ],
      { policy: custom, calendar },
    );
    expect(clocks.get('completion')!.dueAt).toEqual(sh('2025-11-12T12:00:00'));
    expect(clocks.get('tier')).toMatchObject({ tier: 'grid', dueAt: sh('2025-11-12T11:00:00') });
    const district = foldClocks(
      [
        ev(2, 'registered', '2025-11-12T09:00:00', { tier: 'grid' }),
        ev(3, 'escalated', '2025-11-12T10:00:00', { tier: 'district', fromTier: 'grid' }),
      ],
      { policy: custom, calendar },
    );
    expect(district.get('tier')!.state).toBe('cancelled'); // the district has no tier clock
    const appealed = foldClocks(
      [
        ev(2, 'registered', '2025-11-12T09:00:00', { tier: 'grid' }),
        ev(3, 'closed', '2025-11-12T10:00:00', { closeReason: 'invalid', unreasonable: true }),
        ev(4, 'reopened', '2025-11-13T09:00:00', { appeal: true, unreasonable: false, tier: 'grid' }),
      ],
      { policy: custom, calendar },
    );
    expect(appealed.get('tier')).toMatchObject({ state: 'running', dueAt: sh('2025-11-13T11:00:00') });
  });
});

describe('case contribution', () => {
  const facts = (extra: TrackedEvent[]) => {
    const events = [ev(3, 'dispatched', '2025-11-12T09:00:00'), ...extra];
    return {
      events,
      clocks: foldClocks(events, { policy, calendar }),
      unitPath: ['44', '4401', '440106', '440106001', '440106001001', '440106001001-G1'],
      departmentCode: 'D-URBAN',
      localDate: (at: Date) => calendar.localDate(at),
    };
  };

  it('books every level on the dispatch day and moves by differences only', () => {
    const rated = caseContribution(
      facts([
        ev(4, 'accepted', '2025-11-12T09:30:00'),
        ev(5, 'resolved', '2025-11-12T15:00:00'),
        ev(6, 'rated', '2025-11-13T10:00:00', { rating: 'basically_satisfied' }),
      ]),
    )!;
    expect(rated.day).toBe('2025-11-12');
    expect(rated.units.map((u) => [u.level, u.code, u.parent])).toEqual([
      ['department', 'D-URBAN', '440106'],
      ['street', '440106001', '440106'],
      ['community', '440106001001', '440106001'],
      ['grid', '440106001001-G1', '440106001001'],
    ]);
    expect(rated.counts).toEqual({
      dispatched: 1,
      acceptedOnTime: 1,
      due: 1,
      resolved: 1,
      resolvedOnTime: 1,
      rated: 1,
      satisfied: 0,
      basicallySatisfied: 1,
    });
    expect(contributionDelta(rated, rated)).toEqual([]);
    const unreasonable = caseContribution(
      facts([ev(7, 'closed', '2025-11-14T10:00:00', { closeReason: 'resolved', unreasonable: true })]),
    );
    expect(unreasonable).toBeNull();
    const removal = contributionDelta(rated, null);
    expect(removal).toHaveLength(4);
    expect(removal[0].delta.dispatched).toBe(-1);
  });
});
