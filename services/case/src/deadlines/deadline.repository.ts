import { Injectable } from '@nestjs/common';
import type { CaseTransitionPayload } from '@yiwang/contracts';
import {
  entityColumns,
  execute,
  queryOne,
  queryRows,
  sql,
  type Db,
  type EntityColumns,
  type Row,
  type Sql,
} from '@yiwang/platform';
import type { EntityManager } from 'typeorm';
import { CaseTrackEntity, CaseTrackEventEntity } from './case-track.entity.js';
import { DeadlineClockEntity } from './deadline-clock.entity.js';
import type { Clock } from './clock-fold.js';

export const DEADLINES_CHANNEL = 'case_deadlines';

export type StoredEvent = Pick<Row<CaseTrackEventEntity>, 'event' | 'seq' | 'occurredAt'> & {
  payload: CaseTransitionPayload;
};

export interface TrackLock {
  contribution: unknown;
  calendarGeneration: number;
  currentGeneration: number;
}

const CLOCK_FIELDS = [
  'caseId',
  'kind',
  'tier',
  'state',
  'dueAt',
  'warnAt',
  'warnedFor',
  'overdueFor',
  'category',
  'channel',
  'priority',
  'caseState',
  'unitCode',
  'unitPath',
  'departmentCode',
  'lastSeq',
] as const satisfies readonly (keyof DeadlineClockEntity)[];

/** What the scheduler and the fold read of a clock. */
export type ClockRow = Pick<Row<DeadlineClockEntity>, (typeof CLOCK_FIELDS)[number]>;

const SHOWN_FIELDS = [
  'kind',
  'tier',
  'state',
  'startedAt',
  'dueAt',
  'warnAt',
  'pausedAt',
  'stoppedAt',
  'nextFireAt',
  'provisional',
] as const satisfies readonly (keyof DeadlineClockEntity)[];

/** Written on every upsert: everything but the key and the update stamp. */
const WRITTEN_FIELDS = [
  'tier',
  'state',
  'startedAt',
  'dueAt',
  'warnAt',
  'pausedAt',
  'stoppedAt',
  'warnedFor',
  'overdueFor',
  'nextFireAt',
  'category',
  'channel',
  'priority',
  'caseState',
  'unitCode',
  'unitPath',
  'departmentCode',
  'lastSeq',
  'provisional',
] as const satisfies readonly (keyof DeadlineClockEntity)[];

/** The only code that touches case_tracks, case_track_events and deadline_clocks. */
@Injectable()
export class DeadlineRepository {
  /**
   * Takes the case's lock (its track row) for the rest of the transaction. Answers the last contribution,
   * the calendar generation the case's clocks were computed with (a new case starts at the current one),
   * and the current generation.
   */
  async lockTrack(manager: EntityManager, caseId: string, seq: number): Promise<TrackLock> {
    const t = tracks(manager);
    const row = await queryOne<TrackLock>(
      manager,
      sql`INSERT INTO ${t.table} (${t.names(['caseId', 'lastSeq', 'calendarGeneration'])})
          VALUES (${caseId}, ${seq}, (SELECT generation FROM calendar_state WHERE id = 1))
          ON CONFLICT (${t.names(['caseId'])}) DO UPDATE
            SET last_seq = GREATEST(case_tracks.last_seq, EXCLUDED.last_seq), updated_at = now()
          RETURNING ${lockState(t)}`,
    );
    return row!;
  }

  /** Locks an existing case's track row for a calendar recompute; null when the case has none. */
  async lockExistingTrack(manager: EntityManager, caseId: string): Promise<TrackLock | null> {
    const t = tracks(manager);
    return queryOne<TrackLock>(
      manager,
      sql`SELECT ${lockState(t)} FROM ${t.table} WHERE case_id = ${caseId} FOR UPDATE`,
    );
  }

  async setCalendarGeneration(manager: EntityManager, caseId: string, generation: number): Promise<void> {
    await execute(
      manager,
      sql`UPDATE ${tracks(manager).table} SET calendar_generation = ${generation} WHERE case_id = ${caseId}`,
    );
  }

  /**
   * Cases after `after` (by id) with a running or paused clock whose window meets [from, to) and whose
   * clocks were computed with a calendar generation before `generation`: what a calendar recompute still
   * has to do. Walks the clocks' primary key from the cursor, so a whole job reads the table once.
   */
  async casesToRecompute(
    manager: EntityManager,
    window: { from: Date; to: Date },
    generation: number,
    after: string,
    limit: number,
  ): Promise<string[]> {
    const rows = await queryRows<{ caseId: string }>(
      manager,
      sql`SELECT DISTINCT c.case_id AS "caseId" FROM ${clocks(manager).table} c
          JOIN ${tracks(manager).table} t ON t.case_id = c.case_id
          WHERE c.case_id > ${after} AND ${recomputable(window, generation)}
          ORDER BY c.case_id LIMIT ${limit}`,
    );
    return rows.map((r) => r.caseId);
  }

  async countToRecompute(manager: EntityManager, window: { from: Date; to: Date }, generation: number) {
    const row = await queryOne<{ n: number }>(
      manager,
      sql`SELECT count(DISTINCT c.case_id)::int AS n FROM ${clocks(manager).table} c
          JOIN ${tracks(manager).table} t ON t.case_id = c.case_id
          WHERE ${recomputable(window, generation)}`,
    );
    return row!.n;
  }

  async saveContribution(manager: EntityManager, caseId: string, contribution: unknown): Promise<void> {
    await execute(
      manager,
      sql`UPDATE ${tracks(manager).table}
          SET contribution = ${contribution === null ? null : JSON.stringify(contribution)}
          WHERE case_id = ${caseId}`,
    );
  }

  /** Records an event once; false when the same event (same key) was stored before. */
  async insertEvent(manager: EntityManager, key: string, event: StoredEvent): Promise<boolean> {
    const rows = await queryRows(
      manager,
      sql`${events(manager).insert(
        [
          {
            caseId: event.payload.caseId,
            eventKey: key,
            seq: event.seq,
            event: event.event,
            occurredAt: event.occurredAt,
            payload: JSON.stringify(event.payload),
          },
        ],
        ['caseId', 'eventKey', 'seq', 'event', 'occurredAt', 'payload'],
      )} ON CONFLICT DO NOTHING RETURNING 1`,
    );
    return rows.length > 0;
  }

  /** The case's events in the order they happened (seq, then time for clock events sharing a seq). */
  async events(manager: EntityManager, caseId: string): Promise<StoredEvent[]> {
    const e = events(manager);
    return queryRows<StoredEvent>(
      manager,
      sql`SELECT ${e.select(undefined, ['event', 'seq', 'occurredAt', 'payload'])} FROM ${e.table}
          WHERE case_id = ${caseId} ORDER BY seq, occurred_at, event_key`,
    );
  }

  async clocksForUpdate(
    manager: EntityManager,
    caseId: string,
  ): Promise<Array<ClockRow & { startedAt: Date }>> {
    const c = clocks(manager);
    return queryRows(
      manager,
      sql`SELECT ${c.select(undefined, [...CLOCK_FIELDS, 'startedAt'])} FROM ${c.table}
          WHERE case_id = ${caseId} FOR UPDATE`,
    );
  }

  async upsertClock(
    manager: EntityManager,
    clock: Clock,
    fired: { warnedFor: Date | null; overdueFor: Date | null; nextFireAt: Date | null },
    latest: CaseTransitionPayload,
    lastSeq: number,
  ): Promise<void> {
    const c = clocks(manager);
    const row: Pick<Row<DeadlineClockEntity>, 'caseId' | 'kind' | (typeof WRITTEN_FIELDS)[number]> = {
      caseId: latest.caseId,
      kind: clock.kind,
      tier: clock.tier,
      state: clock.state,
      startedAt: clock.startedAt,
      dueAt: clock.dueAt,
      warnAt: clock.warnAt,
      pausedAt: clock.pausedAt,
      stoppedAt: clock.stoppedAt,
      warnedFor: fired.warnedFor,
      overdueFor: fired.overdueFor,
      nextFireAt: fired.nextFireAt,
      category: latest.category,
      channel: latest.channel,
      priority: latest.priority,
      caseState: latest.state,
      unitCode: latest.unitCode,
      unitPath: latest.unitPath,
      departmentCode: latest.departmentCode,
      lastSeq,
      provisional: clock.provisional,
    };
    const overwrite = WRITTEN_FIELDS.map((prop) => {
      const column = c.names([prop]);
      return sql`${column} = EXCLUDED.${column}`;
    });
    await execute(
      manager,
      sql`${c.insert([row], ['caseId', 'kind', ...WRITTEN_FIELDS])}
          ON CONFLICT (${c.names(['caseId', 'kind'])}) DO UPDATE SET ${sql.join(overwrite)}, updated_at = now()`,
    );
  }

  async notifyDue(manager: EntityManager, earliest: Date): Promise<void> {
    await execute(manager, sql`SELECT pg_notify(${DEADLINES_CHANNEL}, ${earliest.toISOString()})`);
  }

  /** Claims up to `limit` clocks whose next warning or overdue instant has come, skipping rows others hold. */
  async claimDue(manager: EntityManager, now: Date, limit: number): Promise<ClockRow[]> {
    const c = clocks(manager);
    return queryRows<ClockRow>(
      manager,
      sql`SELECT ${c.select(undefined, CLOCK_FIELDS)} FROM ${c.table}
          WHERE next_fire_at IS NOT NULL AND next_fire_at <= ${now}
          ORDER BY next_fire_at LIMIT ${limit} FOR UPDATE SKIP LOCKED`,
    );
  }

  async markFired(
    manager: EntityManager,
    rows: Array<{
      caseId: string;
      kind: string;
      warnedFor: Date;
      overdueFor: Date | null;
      next: Date | null;
    }>,
  ): Promise<void> {
    if (rows.length === 0) return;
    // One statement for the batch: the new values as parallel arrays, one bind parameter each.
    await execute(
      manager,
      sql`UPDATE ${clocks(manager).table} c
          SET warned_for = u.warned_for, overdue_for = u.overdue_for, next_fire_at = u.next_fire_at
          FROM unnest(${rows.map((r) => r.caseId)}::uuid[], ${rows.map((r) => r.kind)}::varchar[],
                      ${rows.map((r) => r.warnedFor)}::timestamptz[], ${rows.map((r) => r.overdueFor)}::timestamptz[],
                      ${rows.map((r) => r.next)}::timestamptz[])
            AS u(case_id, kind, warned_for, overdue_for, next_fire_at)
          WHERE c.case_id = u.case_id AND c.kind = u.kind`,
    );
  }

  /** The earliest instant anything is due to fire (an index-only look at the partial index). */
  async nextFireAt(manager: EntityManager): Promise<Date | null> {
    const row = await queryOne<{ next: Date | null }>(
      manager,
      sql`SELECT min(next_fire_at) AS next FROM ${clocks(manager).table} WHERE next_fire_at IS NOT NULL`,
    );
    return row?.next ?? null;
  }

  async clocksOf(
    manager: EntityManager,
    caseId: string,
  ): Promise<Array<Pick<Row<DeadlineClockEntity>, (typeof SHOWN_FIELDS)[number]>>> {
    const c = clocks(manager);
    return queryRows(
      manager,
      sql`SELECT ${c.select(undefined, SHOWN_FIELDS)} FROM ${c.table} WHERE case_id = ${caseId} ORDER BY kind`,
    );
  }
}

const tracks = (db: Db) => entityColumns(db, CaseTrackEntity);
const events = (db: Db) => entityColumns(db, CaseTrackEventEntity);
const clocks = (db: Db) => entityColumns(db, DeadlineClockEntity);

/** The track's lock answer: its contribution and generations (bigint, read as numbers). */
function lockState(t: EntityColumns<CaseTrackEntity>): Sql {
  return sql`${t.column('contribution')} AS contribution,
    ${t.column('calendarGeneration')}::int AS "calendarGeneration",
    (SELECT generation::int FROM calendar_state WHERE id = 1) AS "currentGeneration"`;
}

/** A clock (c) a calendar change may move, on a track (t) computed with an older calendar. */
function recomputable(window: { from: Date; to: Date }, generation: number): Sql {
  return sql`c.state IN ('running', 'paused') AND c.started_at < ${window.to}
    AND (c.state = 'paused' OR c.due_at >= ${window.from}) AND t.calendar_generation < ${generation}`;
}
