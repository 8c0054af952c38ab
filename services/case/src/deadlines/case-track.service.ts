import { Inject, Injectable } from '@nestjs/common';
import type { CaseTransitionPayload } from '@yiwang/contracts';
import { CONFIG } from '@yiwang/platform';
import type { EntityManager } from 'typeorm';
import { AssessmentRepository } from '../assessment/assessment.repository.js';
import { caseContribution, contributionDelta, type Contribution } from '../assessment/assessment-fold.js';
import type { CaseConfig } from '../case.config.js';
import { CalendarRuntime, type CalendarSnapshot } from '../calendar/calendar-runtime.js';
import { foldClocks, type Clock, type TrackedEvent } from './clock-fold.js';
import { DeadlinePolicy } from './deadline-policy.js';
import { DeadlineRepository, type ClockRow, type StoredEvent } from './deadline.repository.js';

/** Events this service publishes itself about clocks: they share the seq of the transition they followed. */
const CLOCK_EVENTS = new Set(['deadline-warning', 'overdue']);

/**
 * Why a case is refolded. `event`: a new transition; a moved due time warns and falls overdue afresh (an
 * extension, a resume). `calendar`: the same events on a changed calendar; what already fired for the old
 * due time counts as fired for the new one, so nobody gets a second warning or red card for it.
 */
type RefoldCause = 'event' | 'calendar';

/**
 * Keeps each case's clocks and assessment contribution from its transition events. Every event is stored,
 * then the case is refolded under its lock (its case_tracks row), so events arriving out of order — there is
 * one durable consumer per subject — or twice give the same result.
 */
@Injectable()
export class CaseTrackService {
  readonly policy: DeadlinePolicy;

  constructor(
    private readonly deadlines: DeadlineRepository,
    private readonly assessment: AssessmentRepository,
    private readonly calendars: CalendarRuntime,
    @Inject(CONFIG) config: CaseConfig,
  ) {
    this.policy = new DeadlinePolicy(config.CASE_DEADLINE_POLICY);
  }

  async ingest(manager: EntityManager, event: string, payload: CaseTransitionPayload): Promise<void> {
    const track = await this.deadlines.lockTrack(manager, payload.caseId, payload.seq);
    const snapshot = await this.calendars.ensure(track.currentGeneration);
    let contribution = track.contribution as Contribution | null;
    if (track.calendarGeneration < snapshot.generation) {
      // The calendar changed since this case was folded and the recompute has not reached it yet: catch
      // up first, so the new event's fold does not mistake the calendar's move for its own.
      const earlier = await this.deadlines.events(manager, payload.caseId);
      if (earlier.length > 0) {
        contribution = (await this.refold(manager, earlier, contribution, snapshot, 'calendar')).contribution;
      }
      await this.deadlines.setCalendarGeneration(manager, payload.caseId, snapshot.generation);
    }
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
    await this.refold(manager, events, contribution, snapshot, 'event');
  }

  /**
   * Refolds one case on the current calendar after a calendar change (the recompute job). Answers whether
   * any of its due times moved; a case without a track row is left alone.
   */
  async recompute(manager: EntityManager, caseId: string): Promise<boolean> {
    const track = await this.deadlines.lockExistingTrack(manager, caseId);
    if (!track) return false;
    const snapshot = await this.calendars.ensure(track.currentGeneration);
    if (track.calendarGeneration >= snapshot.generation) return false;
    const events = await this.deadlines.events(manager, caseId);
    const { moved } = await this.refold(
      manager,
      events,
      track.contribution as Contribution | null,
      snapshot,
      'calendar',
    );
    await this.deadlines.setCalendarGeneration(manager, caseId, snapshot.generation);
    return moved;
  }

  private async refold(
    manager: EntityManager,
    events: StoredEvent[],
    before: Contribution | null,
    snapshot: CalendarSnapshot,
    cause: RefoldCause,
  ): Promise<{ contribution: Contribution | null; moved: boolean }> {
    const transitions = events.filter((e) => !CLOCK_EVENTS.has(e.event));
    if (transitions.length === 0) return { contribution: before, moved: false };
    const latest = transitions[transitions.length - 1].payload;
    const calendar = snapshot.registry.forUnitPath(latest.unitPath);
    const tracked: TrackedEvent[] = events.map((e) => ({
      event: e.event,
      seq: e.seq,
      occurredAt: e.occurredAt,
      category: e.payload.category,
      priority: e.payload.priority,
      details: e.payload.details,
    }));
    const clocks = foldClocks(tracked, { policy: this.policy, calendar });
    const moved = await this.saveClocks(manager, [...clocks.values()], latest, cause);

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
      await this.deadlines.saveContribution(manager, latest.caseId, after);
    }
    return { contribution: after, moved };
  }

  /** Upserts the clocks; answers whether a due time moved. */
  private async saveClocks(
    manager: EntityManager,
    clocks: Clock[],
    latest: CaseTransitionPayload,
    cause: RefoldCause,
  ): Promise<boolean> {
    const existing = new Map<string, ClockRow & { startedAt?: Date }>();
    for (const row of await this.deadlines.clocksForUpdate(manager, latest.caseId))
      existing.set(row.kind, row);
    let earliest: Date | null = null;
    let moved = false;
    for (const clock of clocks) {
      const previous = existing.get(clock.kind);
      if (previous && previous.dueAt.getTime() !== clock.dueAt.getTime()) moved = true;
      const { warnedFor, overdueFor } = carriedFire(previous, clock, cause);
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
    return moved;
  }
}

/**
 * What of a clock's warning and overdue event has already fired, carried over to its refolded self. A
 * restarted clock (new start) warns and falls overdue afresh. A new event that moves the due time (an
 * extension) warns again; a calendar change does not: a warning or overdue that fired for the old due time
 * stands for the new one (a clock the change makes overdue, and that had not fired, fires once).
 */
export function carriedFire(
  previous: (ClockRow & { startedAt?: Date }) | undefined,
  clock: Clock,
  cause: RefoldCause,
): { warnedFor: Date | null; overdueFor: Date | null } {
  const sameRun = previous?.startedAt?.getTime() === clock.startedAt.getTime();
  if (!previous || !sameRun) return { warnedFor: null, overdueFor: null };
  let { warnedFor, overdueFor } = previous;
  if (cause === 'calendar') {
    const oldDue = previous.dueAt.getTime();
    if (warnedFor?.getTime() === oldDue) warnedFor = clock.dueAt;
    if (overdueFor?.getTime() === oldDue) overdueFor = clock.dueAt;
  }
  return { warnedFor, overdueFor };
}

/** The next instant the scheduler must act on for a clock: its warning, then its due time, once each. */
export function nextFire(clock: Clock, warnedFor: Date | null, overdueFor: Date | null): Date | null {
  if (clock.state !== 'running') return null;
  const due = clock.dueAt.getTime();
  if (overdueFor?.getTime() === due) return null;
  if (clock.warnAt && warnedFor?.getTime() !== due) return clock.warnAt;
  return clock.dueAt;
}
