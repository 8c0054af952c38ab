import type { WorkingCalendar } from '../calendar/index.js';
import type { ClockKind, DeadlinePolicy, Priority } from './deadline-policy.js';

/** A consumed case event as the fold sees it (ordered by seq; clock events carry the seq they followed). */
export interface TrackedEvent {
  event: string;
  seq: number;
  occurredAt: Date;
  category: string;
  priority: Priority;
  details: Record<string, unknown>;
}

export type ClockState = 'running' | 'paused' | 'met' | 'missed' | 'cancelled';

/**
 * A clock's key: one of the case's own clocks, or `subtask:<department>` for a co-handler's sub-task in
 * joint handling (吹哨报到), each with its own deadline.
 */
export type ClockKey = ClockKind | `subtask:${string}`;

export const SUBTASK_PREFIX = 'subtask:';

/** The co-handling department of a sub-task clock; null for the case's own clocks. */
export function subtaskDepartment(kind: string): string | null {
  return kind.startsWith(SUBTASK_PREFIX) ? kind.slice(SUBTASK_PREFIX.length) : null;
}

export interface Clock {
  kind: ClockKey;
  /** The tier holding the case, for the tier clock. */
  tier: string | null;
  startedAt: Date;
  dueAt: Date;
  warnAt: Date | null;
  pausedAt: Date | null;
  stoppedAt: Date | null;
  state: ClockState;
  /**
   * An open clock whose window reaches into a year without a holiday arrangement: its due time counts
   * that year's holidays as working days until the year's calendar is loaded (then it is recomputed).
   */
  provisional: boolean;
}

export interface FoldContext {
  policy: DeadlinePolicy;
  calendar: WorkingCalendar;
}

/** Events after which running or paused clocks stop without a verdict. */
const ENDING_EVENTS = new Set(['closed', 'merged']);

/**
 * Derives the case's clocks from its transition events, replayed in seq order. Pure: the consumer stores
 * every event and refolds, so events that arrive out of order (one durable consumer per subject) still give
 * the same clocks.
 *   dispatched (re)starts sign-off and response, and starts completion unless it runs already;
 *   accepted stops sign-off, started stops response, resolved stops completion (met or missed by due time);
 *   returned cancels sign-off until the next dispatch; reopened restarts completion (and the tier clock
 *   when it names a tier: an appeal);
 *   suspended pauses every running clock; resumed moves due and warning by the working time left at pause;
 *   extended moves the named clock (completion by default) by extendWorkingHours;
 *   registered / escalated (re)start the tier clock for details.tier; closed / merged cancel all;
 *   summoned (吹哨报到) starts like dispatched, plus one clock per co-handler's sub-task
 *   (details.subtaskDeadlines `<department>:<hours>`), which subtask-completed stops.
 */
export function foldClocks(events: readonly TrackedEvent[], context: FoldContext): Map<ClockKey, Clock> {
  const clocks = new Map<ClockKey, Clock>();
  const { policy, calendar } = context;
  const start = (kind: ClockKey, at: Date, hours: number | null, tier: string | null = null) => {
    if (hours === null) {
      const existing = clocks.get(kind);
      if (existing && isOpen(existing)) cancel(existing, at);
      return;
    }
    clocks.set(kind, {
      kind,
      tier,
      startedAt: at,
      dueAt: calendar.addWorkingHours(at, hours),
      warnAt: calendar.addWorkingHours(at, hours * policy.warnRatio),
      pausedAt: null,
      stoppedAt: null,
      state: 'running',
      provisional: false,
    });
  };
  const stop = (kind: ClockKey, at: Date) => {
    const clock = clocks.get(kind);
    if (!clock || !isOpen(clock)) return;
    clock.stoppedAt = at;
    clock.pausedAt = null;
    clock.state = at.getTime() <= clock.dueAt.getTime() ? 'met' : 'missed';
  };

  for (const event of events) {
    const at = event.occurredAt;
    const lengths = policy.clocks(event.category, event.priority);
    switch (event.event) {
      case 'dispatched':
      case 'summoned':
        start('sign_off', at, lengths.signOff);
        start('response', at, lengths.response);
        if (!clocks.get('completion') || !isOpen(clocks.get('completion')!)) {
          start('completion', at, completionHours(event, lengths.completion));
        }
        for (const [department, hours] of subtaskDeadlines(event)) {
          start(`${SUBTASK_PREFIX}${department}`, at, hours);
        }
        break;
      case 'subtask-completed': {
        const department = event.details.subtaskDepartment;
        if (typeof department === 'string') stop(`${SUBTASK_PREFIX}${department}`, at);
        break;
      }
      case 'accepted':
        stop('sign_off', at);
        break;
      case 'returned': {
        const signOff = clocks.get('sign_off');
        if (signOff && isOpen(signOff)) cancel(signOff, at);
        break;
      }
      case 'started':
        stop('sign_off', at);
        stop('response', at);
        break;
      case 'resolved':
        stop('completion', at);
        for (const kind of ['sign_off', 'response', 'tier'] as const) {
          const clock = clocks.get(kind);
          if (clock && isOpen(clock)) cancel(clock, at);
        }
        break;
      case 'reopened': {
        start('completion', at, lengths.completion);
        // An appeal against an unreasonable ruling takes the case in again at a tier: its clock restarts.
        const tier = typeof event.details.tier === 'string' ? event.details.tier : null;
        if (tier) start('tier', at, policy.tierHours(tier), tier);
        break;
      }
      case 'suspended':
        for (const clock of clocks.values()) {
          if (clock.state === 'running') {
            clock.state = 'paused';
            clock.pausedAt = at;
          }
        }
        break;
      case 'resumed':
        for (const clock of clocks.values()) {
          if (clock.state !== 'paused' || !clock.pausedAt) continue;
          const pausedAt = clock.pausedAt;
          clock.dueAt = shift(calendar, clock.dueAt, pausedAt, at);
          if (clock.warnAt) clock.warnAt = shift(calendar, clock.warnAt, pausedAt, at);
          clock.pausedAt = null;
          clock.state = 'running';
        }
        break;
      case 'extended': {
        const kind = (
          typeof event.details.clock === 'string' ? event.details.clock : 'completion'
        ) as ClockKind;
        const hours = Number(event.details.extendWorkingHours);
        const clock = clocks.get(kind);
        if (!clock || !isOpen(clock) || !(hours > 0)) break;
        clock.dueAt = calendar.addWorkingHours(clock.dueAt, hours);
        if (clock.warnAt) clock.warnAt = calendar.addWorkingHours(clock.warnAt, hours);
        break;
      }
      case 'registered':
      case 'escalated': {
        const tier = typeof event.details.tier === 'string' ? event.details.tier : null;
        if (tier) start('tier', at, policy.tierHours(tier), tier);
        break;
      }
      default:
        if (ENDING_EVENTS.has(event.event)) {
          for (const clock of clocks.values()) if (isOpen(clock)) cancel(clock, at);
        }
    }
  }
  for (const clock of clocks.values()) {
    clock.provisional = isOpen(clock) && calendar.missingYears(clock.startedAt, clock.dueAt).length > 0;
  }
  return clocks;
}

function isOpen(clock: Clock): boolean {
  return clock.state === 'running' || clock.state === 'paused';
}

function cancel(clock: Clock, at: Date): void {
  clock.state = 'cancelled';
  clock.stoppedAt = at;
  clock.pausedAt = null;
}

/** A paused instant keeps the working time it had left at the pause, counted again from the resume. */
function shift(calendar: WorkingCalendar, instant: Date, pausedAt: Date, resumedAt: Date): Date {
  const left = calendar.workingMsBetween(pausedAt, instant);
  return left > 0 ? calendar.addWorkingMs(resumedAt, left) : instant;
}

/**
 * The 权责清单 line the case was dispatched under sets the completion deadline (details.completionWorkingHours);
 * an urgent or emergency case keeps the policy's when that is shorter.
 */
function completionHours(event: TrackedEvent, policyHours: number): number {
  const listed = Number(event.details.completionWorkingHours);
  if (!Number.isFinite(listed) || listed <= 0) return policyHours;
  return event.priority === 'normal' ? listed : Math.min(listed, policyHours);
}

/** `<department>:<hours>` pairs of a summon; malformed entries are skipped (the contract allows strings). */
function subtaskDeadlines(event: TrackedEvent): [string, number][] {
  const entries = event.details.subtaskDeadlines;
  if (!Array.isArray(entries)) return [];
  return entries.flatMap((entry) => {
    if (typeof entry !== 'string') return [];
    const at = entry.lastIndexOf(':');
    const hours = Number(entry.slice(at + 1));
    return at > 0 && hours > 0 ? [[entry.slice(0, at), hours] as [string, number]] : [];
  });
}
