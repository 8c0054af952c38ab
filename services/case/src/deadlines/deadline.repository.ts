import { Injectable } from '@nestjs/common';
import type { CaseTransitionPayload } from '@yiwang/contracts';
import type { EntityManager } from 'typeorm';
import type { Clock } from './clock-fold.js';

export const DEADLINES_CHANNEL = 'case_deadlines';

export interface StoredEvent {
  event: string;
  seq: number;
  occurredAt: Date;
  payload: CaseTransitionPayload;
}

export interface TrackLock {
  contribution: unknown;
  calendarGeneration: number;
  currentGeneration: number;
}

export interface ClockRow {
  caseId: string;
  kind: string;
  tier: string | null;
  state: string;
  dueAt: Date;
  warnAt: Date | null;
  warnedFor: Date | null;
  overdueFor: Date | null;
  category: string;
  channel: string;
  priority: string;
  caseState: string;
  unitCode: string;
  unitPath: string[];
  departmentCode: string | null;
  lastSeq: number;
}

const CLOCK_COLUMNS = `case_id AS "caseId", kind, tier, state, due_at AS "dueAt", warn_at AS "warnAt",
  warned_for AS "warnedFor", overdue_for AS "overdueFor", category, channel, priority,
  case_state AS "caseState", unit_code AS "unitCode", unit_path AS "unitPath",
  department_code AS "departmentCode", last_seq AS "lastSeq"`;

/** The only code that touches case_tracks, case_track_events and deadline_clocks. */
@Injectable()
export class DeadlineRepository {
  /**
   * Takes the case's lock (its track row) for the rest of the transaction. Answers the last contribution,
   * the calendar generation the case's clocks were computed with (a new case starts at the current one),
   * and the current generation.
   */
  async lockTrack(manager: EntityManager, caseId: string, seq: number): Promise<TrackLock> {
    const [row] = await manager.query(
      `INSERT INTO case_tracks (case_id, last_seq, calendar_generation)
       VALUES ($1, $2, (SELECT generation FROM calendar_state WHERE id = 1))
       ON CONFLICT (case_id) DO UPDATE SET last_seq = GREATEST(case_tracks.last_seq, EXCLUDED.last_seq),
         updated_at = now()
       RETURNING contribution, calendar_generation::int AS "calendarGeneration",
         (SELECT generation::int FROM calendar_state WHERE id = 1) AS "currentGeneration"`,
      [caseId, seq],
    );
    return row;
  }

  /** Locks an existing case's track row for a calendar recompute; null when the case has none. */
  async lockExistingTrack(manager: EntityManager, caseId: string): Promise<TrackLock | null> {
    const [row] = await manager.query(
      `SELECT contribution, calendar_generation::int AS "calendarGeneration",
         (SELECT generation::int FROM calendar_state WHERE id = 1) AS "currentGeneration"
       FROM case_tracks WHERE case_id = $1 FOR UPDATE`,
      [caseId],
    );
    return row ?? null;
  }

  async setCalendarGeneration(manager: EntityManager, caseId: string, generation: number): Promise<void> {
    await manager.query(`UPDATE case_tracks SET calendar_generation = $2 WHERE case_id = $1`, [
      caseId,
      generation,
    ]);
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
    const rows: Array<{ caseId: string }> = await manager.query(
      `SELECT DISTINCT c.case_id AS "caseId" FROM deadline_clocks c
       JOIN case_tracks t ON t.case_id = c.case_id
       WHERE c.case_id > $1 AND c.state IN ('running', 'paused') AND c.started_at < $3
         AND (c.state = 'paused' OR c.due_at >= $2) AND t.calendar_generation < $4
       ORDER BY c.case_id LIMIT $5`,
      [after, window.from, window.to, generation, limit],
    );
    return rows.map((r) => r.caseId);
  }

  async countToRecompute(manager: EntityManager, window: { from: Date; to: Date }, generation: number) {
    const [row] = await manager.query(
      `SELECT count(DISTINCT c.case_id)::int AS n FROM deadline_clocks c
       JOIN case_tracks t ON t.case_id = c.case_id
       WHERE c.state IN ('running', 'paused') AND c.started_at < $2
         AND (c.state = 'paused' OR c.due_at >= $1) AND t.calendar_generation < $3`,
      [window.from, window.to, generation],
    );
    return row.n as number;
  }

  async saveContribution(manager: EntityManager, caseId: string, contribution: unknown): Promise<void> {
    await manager.query(`UPDATE case_tracks SET contribution = $2 WHERE case_id = $1`, [
      caseId,
      contribution === null ? null : JSON.stringify(contribution),
    ]);
  }

  /** Records an event once; false when the same event (same key) was stored before. */
  async insertEvent(manager: EntityManager, key: string, event: StoredEvent): Promise<boolean> {
    const rows = await manager.query(
      `INSERT INTO case_track_events (case_id, event_key, seq, event, occurred_at, payload)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING 1`,
      [event.payload.caseId, key, event.seq, event.event, event.occurredAt, JSON.stringify(event.payload)],
    );
    return rows.length > 0;
  }

  /** The case's events in the order they happened (seq, then time for clock events sharing a seq). */
  async events(manager: EntityManager, caseId: string): Promise<StoredEvent[]> {
    const rows: Array<{ event: string; seq: number; occurred_at: Date; payload: CaseTransitionPayload }> =
      await manager.query(
        `SELECT event, seq, occurred_at, payload FROM case_track_events WHERE case_id = $1
         ORDER BY seq, occurred_at, event_key`,
        [caseId],
      );
    return rows.map((r) => ({ event: r.event, seq: r.seq, occurredAt: r.occurred_at, payload: r.payload }));
  }

  async clocksForUpdate(manager: EntityManager, caseId: string): Promise<ClockRow[]> {
    return manager.query(
      `SELECT ${CLOCK_COLUMNS}, started_at AS "startedAt" FROM deadline_clocks WHERE case_id = $1 FOR UPDATE`,
      [caseId],
    );
  }

  async upsertClock(
    manager: EntityManager,
    clock: Clock,
    fired: { warnedFor: Date | null; overdueFor: Date | null; nextFireAt: Date | null },
    latest: CaseTransitionPayload,
    lastSeq: number,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO deadline_clocks (case_id, kind, tier, state, started_at, due_at, warn_at, paused_at,
         stopped_at, warned_for, overdue_for, next_fire_at, category, channel, priority, case_state,
         unit_code, unit_path, department_code, last_seq, provisional)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21)
       ON CONFLICT (case_id, kind) DO UPDATE SET tier = $3, state = $4, started_at = $5, due_at = $6,
         warn_at = $7, paused_at = $8, stopped_at = $9, warned_for = $10, overdue_for = $11,
         next_fire_at = $12, category = $13, channel = $14, priority = $15, case_state = $16,
         unit_code = $17, unit_path = $18, department_code = $19, last_seq = $20, provisional = $21,
         updated_at = now()`,
      [
        latest.caseId,
        clock.kind,
        clock.tier,
        clock.state,
        clock.startedAt,
        clock.dueAt,
        clock.warnAt,
        clock.pausedAt,
        clock.stoppedAt,
        fired.warnedFor,
        fired.overdueFor,
        fired.nextFireAt,
        latest.category,
        latest.channel,
        latest.priority,
        latest.state,
        latest.unitCode,
        latest.unitPath,
        latest.departmentCode,
        lastSeq,
        clock.provisional,
      ],
    );
  }

  async notifyDue(manager: EntityManager, earliest: Date): Promise<void> {
    await manager.query(`SELECT pg_notify($1, $2)`, [DEADLINES_CHANNEL, earliest.toISOString()]);
  }

  /** Claims up to `limit` clocks whose next warning or overdue instant has come, skipping rows others hold. */
  async claimDue(manager: EntityManager, now: Date, limit: number): Promise<ClockRow[]> {
    return manager.query(
      `SELECT ${CLOCK_COLUMNS} FROM deadline_clocks
       WHERE next_fire_at IS NOT NULL AND next_fire_at <= $1
       ORDER BY next_fire_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
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
    await manager.query(
      `UPDATE deadline_clocks c SET warned_for = u.warned_for, overdue_for = u.overdue_for,
         next_fire_at = u.next_fire_at
       FROM unnest($1::uuid[], $2::varchar[], $3::timestamptz[], $4::timestamptz[], $5::timestamptz[])
         AS u(case_id, kind, warned_for, overdue_for, next_fire_at)
       WHERE c.case_id = u.case_id AND c.kind = u.kind`,
      [
        rows.map((r) => r.caseId),
        rows.map((r) => r.kind),
        rows.map((r) => r.warnedFor),
        rows.map((r) => r.overdueFor),
        rows.map((r) => r.next),
      ],
    );
  }

  /** The earliest instant anything is due to fire (an index-only look at the partial index). */
  async nextFireAt(manager: EntityManager): Promise<Date | null> {
    const [row] = await manager.query(
      `SELECT min(next_fire_at) AS next FROM deadline_clocks WHERE next_fire_at IS NOT NULL`,
    );
    return row?.next ?? null;
  }

  async clocksOf(manager: EntityManager, caseId: string): Promise<Array<Record<string, unknown>>> {
    return manager.query(
      `SELECT kind, tier, state, started_at AS "startedAt", due_at AS "dueAt", warn_at AS "warnAt",
         paused_at AS "pausedAt", stopped_at AS "stoppedAt", next_fire_at AS "nextFireAt", provisional
       FROM deadline_clocks WHERE case_id = $1 ORDER BY kind`,
      [caseId],
    );
  }
}
