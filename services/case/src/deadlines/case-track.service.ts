import { Inject, Injectable } from '@nestjs/common';
import type { CaseTransitionPayload } from '@yiwang/contracts';
import { CONFIG } from '@yiwang/platform';
import type { EntityManager } from 'typeorm';
import { AssessmentRepository } from '../assessment/assessment.repository.js';
import { caseContribution, contributionDelta, type Contribution } from '../assessment/assessment-fold.js';
import type { CaseConfig } from '../case.config.js';
import { CalendarRegistry } from '../calendar/index.js';
import { foldClocks, type Clock, type TrackedEvent } from './clock-fold.js';
import { DeadlinePolicy } from './deadline-policy.js';
import { DeadlineRepository, type ClockRow, type StoredEvent } from './deadline.repository.js';

/** Events this service publishes itself about clocks: they share the seq of the transition they followed. */
const CLOCK_EVENTS = new Set(['deadline-warning', 'overdue']);

/**
 * Keeps each case's clocks and assessment contribution from its transition events. Every event is stored,
 * then the case is refolded under its lock (its case_tracks row), so events arriving out of order — there is
 * one durable consumer per subject — or twice give the same result.
 */
@Injectable()
export class CaseTrackService {
  readonly calendars: CalendarRegistry;
  readonly policy: DeadlinePolicy;

  constructor(
    private readonly deadlines: DeadlineRepository,
    private readonly assessment: AssessmentRepository,
    @Inject(CONFIG) config: CaseConfig,
  ) {
    this.calendars = new CalendarRegistry(config.CASE_CALENDAR);
    this.policy = new DeadlinePolicy(config.CASE_DEADLINE_POLICY);
  }

  async ingest(manager: EntityManager, event: string, payload: CaseTransitionPayload): Promise<void> {
    const before = (await this.deadlines.lockTrack(
      manager,
      payload.caseId,
      payload.seq,
    )) as Contribution | null;
    const key = CLOCK_EVENTS.has(event)
      ? `${payload.seq}:${event}:${String(payload.details.clock ?? '')}:${String(payload.details.dueAt ?? '')}`
      : `${payload.seq}:${event}`;
    const stored: StoredEvent = {
      event,
      seq: payload.seq,
      occurredAt: new Date(payload.occurredAt),
      payload,
    };
    if (!(await this.deadlines.insertEvent(manager, key.slice(0, 80), stored))) return;
    const events = await this.deadlines.events(manager, payload.caseId);
    const transitions = events.filter((e) => !CLOCK_EVENTS.has(e.event));
    if (transitions.length === 0) return;
    const latest = transitions[transitions.length - 1].payload;
    const calendar = this.calendars.forUnitPath(latest.unitPath);
    const tracked: TrackedEvent[] = events.map((e) => ({
      event: e.event,
      seq: e.seq,
      occurredAt: e.occurredAt,
      category: e.payload.category,
      priority: e.payload.priority,
      details: e.payload.details,
    }));
    const clocks = foldClocks(tracked, { policy: this.policy, calendar });
    await this.saveClocks(manager, [...clocks.values()], latest);

    const dispatched = [...transitions].reverse().find((e) => e.event === 'dispatched');
    const after = caseContribution({
      events: tracked,
      clocks,
      unitPath: latest.unitPath,
      departmentCode: dispatched?.payload.departmentCode ?? latest.departmentCode,
      localDate: (at) => calendar.localDate(at),
    });
    const deltas = contributionDelta(before, after);
    if (deltas.length > 0 || JSON.stringify(before) !== JSON.stringify(after)) {
      await this.assessment.applyDeltas(manager, deltas);
      await this.deadlines.saveContribution(manager, payload.caseId, after);
    }
  }

  private async saveClocks(manager: EntityManager, clocks: Clock[], latest: CaseTransitionPayload) {
    const existing = new Map<string, ClockRow & { startedAt?: Date }>();
    for (const row of await this.deadlines.clocksForUpdate(manager, latest.caseId))
      existing.set(row.kind, row);
    let earliest: Date | null = null;
    for (const clock of clocks) {
      const previous = existing.get(clock.kind);
      // A restarted clock (new start) warns and falls overdue afresh; a moved due time does too.
      const sameRun = previous?.startedAt?.getTime() === clock.startedAt.getTime();
      const warnedFor = sameRun ? (previous?.warnedFor ?? null) : null;
      const overdueFor = sameRun ? (previous?.overdueFor ?? null) : null;
      const nextFireAt = nextFire(clock, warnedFor, overdueFor);
      await this.deadlines.upsertClock(
        manager,
        clock,
        { warnedFor, overdueFor, nextFireAt },
        latest,
        latest.seq,
      );
      if (nextFireAt && (!earliest || nextFireAt < earliest)) earliest = nextFireAt;
    }
    if (earliest) await this.deadlines.notifyDue(manager, earliest);
  }
}

/** The next instant the scheduler must act on for a clock: its warning, then its due time, once each. */
export function nextFire(clock: Clock, warnedFor: Date | null, overdueFor: Date | null): Date | null {
  if (clock.state !== 'running') return null;
  const due = clock.dueAt.getTime();
  if (overdueFor?.getTime() === due) return null;
  if (clock.warnAt && warnedFor?.getTime() !== due) return clock.warnAt;
  return clock.dueAt;
}
