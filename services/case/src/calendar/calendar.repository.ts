import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AdjustedWorkday, HolidayRange } from './calendar-year.js';

export interface StoredVersion {
  year: number;
  version: number;
  holidays: HolidayRange[];
  workdays: AdjustedWorkday[];
  source: string | null;
  digest: string;
  reason: string;
  createdBy: string;
  createdByName: string | null;
  createdAt: Date;
}

export interface StoredActivation {
  id: string;
  year: number;
  version: number;
  previousVersion: number;
  generation: number;
  reason: string;
  activatedBy: string;
  activatedByName: string | null;
  activatedAt: Date;
}

export interface RecomputeJobRow {
  id: string;
  year: number;
  generation: number;
  state: 'pending' | 'running' | 'done' | 'failed' | 'superseded';
  total: number;
  done: number;
  changed: number;
  createdAt: Date;
  startedAt: Date | null;
  heartbeatAt: Date | null;
  finishedAt: Date | null;
  error: string | null;
}

const VERSION_COLUMNS = `year, version, holidays, workdays, source, digest, reason, created_by AS "createdBy",
  created_by_name AS "createdByName", created_at AS "createdAt"`;
const ACTIVATION_COLUMNS = `id, year, version, previous_version AS "previousVersion",
  generation::int AS generation, reason, activated_by AS "activatedBy",
  activated_by_name AS "activatedByName", activated_at AS "activatedAt"`;
const JOB_COLUMNS = `id, year, generation::int AS generation, state, total, done, changed,
  created_at AS "createdAt", started_at AS "startedAt", heartbeat_at AS "heartbeatAt",
  finished_at AS "finishedAt", error`;

/** The only code that touches calendar_versions, calendar_activations, calendar_state and the jobs. */
@Injectable()
export class CalendarRepository {
  async generation(manager: EntityManager): Promise<number> {
    const [row] = await manager.query(
      `SELECT generation::int AS generation FROM calendar_state WHERE id = 1`,
    );
    return row?.generation ?? 0;
  }

  /** Serialises calendar changes: loads and activations hold the state row until they commit. */
  async lock(manager: EntityManager): Promise<number> {
    const [row] = await manager.query(
      `SELECT generation::int AS generation FROM calendar_state WHERE id = 1 FOR UPDATE`,
    );
    return row.generation;
  }

  async raiseGeneration(manager: EntityManager): Promise<number> {
    const [row] = await updated<{ generation: number }>(
      manager,
      `UPDATE calendar_state SET generation = generation + 1 WHERE id = 1 RETURNING generation::int AS generation`,
    );
    return row.generation;
  }

  async versions(manager: EntityManager, year: number): Promise<StoredVersion[]> {
    return manager.query(
      `SELECT ${VERSION_COLUMNS} FROM calendar_versions WHERE year = $1 ORDER BY version DESC`,
      [year],
    );
  }

  async version(manager: EntityManager, year: number, version: number): Promise<StoredVersion | null> {
    const [row] = await manager.query(
      `SELECT ${VERSION_COLUMNS} FROM calendar_versions WHERE year = $1 AND version = $2`,
      [year, version],
    );
    return row ?? null;
  }

  async versionByDigest(manager: EntityManager, year: number, digest: string): Promise<StoredVersion | null> {
    const [row] = await manager.query(
      `SELECT ${VERSION_COLUMNS} FROM calendar_versions WHERE year = $1 AND digest = $2
       ORDER BY version LIMIT 1`,
      [year, digest],
    );
    return row ?? null;
  }

  async insertVersion(manager: EntityManager, version: Omit<StoredVersion, 'version' | 'createdAt'>) {
    const [row] = await manager.query(
      `INSERT INTO calendar_versions (year, version, holidays, workdays, source, digest, reason, created_by,
         created_by_name)
       SELECT $1, COALESCE(max(version), 0) + 1, $2, $3, $4, $5, $6, $7, $8
       FROM calendar_versions WHERE year = $1
       RETURNING ${VERSION_COLUMNS}`,
      [
        version.year,
        JSON.stringify(version.holidays),
        JSON.stringify(version.workdays),
        version.source,
        version.digest,
        version.reason,
        version.createdBy,
        version.createdByName,
      ],
    );
    return row as StoredVersion;
  }

  /** Open clocks that reach into a year without an arrangement (read-only; the clocks are the deadlines'). */
  async provisionalClocks(manager: EntityManager): Promise<number> {
    const [row] = await manager.query(
      `SELECT count(*)::int AS n FROM deadline_clocks WHERE provisional AND state IN ('running', 'paused')`,
    );
    return row.n;
  }

  /** Per year: how many versions were loaded and the latest. */
  async versionCounts(
    manager: EntityManager,
  ): Promise<Array<{ year: number; count: number; latest: number }>> {
    return manager.query(
      `SELECT year, count(*)::int AS count, max(version) AS latest FROM calendar_versions GROUP BY year`,
    );
  }

  /** The latest activation of every year that has one. */
  async activeActivations(manager: EntityManager): Promise<StoredActivation[]> {
    return manager.query(
      `SELECT DISTINCT ON (year) ${ACTIVATION_COLUMNS} FROM calendar_activations
       ORDER BY year, generation DESC`,
    );
  }

  async activations(manager: EntityManager, year: number): Promise<StoredActivation[]> {
    return manager.query(
      `SELECT ${ACTIVATION_COLUMNS} FROM calendar_activations WHERE year = $1 ORDER BY generation DESC`,
      [year],
    );
  }

  async insertActivation(manager: EntityManager, activation: StoredActivation): Promise<void> {
    await manager.query(
      `INSERT INTO calendar_activations (id, year, version, previous_version, generation, reason,
         activated_by, activated_by_name, activated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        activation.id,
        activation.year,
        activation.version,
        activation.previousVersion,
        activation.generation,
        activation.reason,
        activation.activatedBy,
        activation.activatedByName,
        activation.activatedAt,
      ],
    );
  }

  /** A newer change of the same year makes its earlier unfinished jobs moot: the new one covers them. */
  async supersedeJobs(manager: EntityManager, year: number): Promise<void> {
    await manager.query(
      `UPDATE calendar_recompute_jobs SET state = 'superseded', finished_at = now()
       WHERE year = $1 AND state IN ('pending', 'running')`,
      [year],
    );
  }

  async insertJob(
    manager: EntityManager,
    id: string,
    year: number,
    generation: number,
  ): Promise<RecomputeJobRow> {
    const [row] = await manager.query(
      `INSERT INTO calendar_recompute_jobs (id, year, generation, state) VALUES ($1, $2, $3, 'pending')
       RETURNING ${JOB_COLUMNS}`,
      [id, year, generation],
    );
    return row;
  }

  async job(manager: EntityManager, id: string): Promise<RecomputeJobRow | null> {
    const [row] = await manager.query(`SELECT ${JOB_COLUMNS} FROM calendar_recompute_jobs WHERE id = $1`, [
      id,
    ]);
    return row ?? null;
  }

  /**
   * Takes the oldest job that is pending, or running with a heartbeat older than `staleBefore` (its
   * worker died), for this worker; null when there is none or another worker holds it.
   */
  async claimJob(manager: EntityManager, staleBefore: Date): Promise<RecomputeJobRow | null> {
    const [row] = await updated<RecomputeJobRow>(
      manager,
      `UPDATE calendar_recompute_jobs SET state = 'running', started_at = COALESCE(started_at, now()),
         heartbeat_at = now()
       WHERE id = (
         SELECT id FROM calendar_recompute_jobs
         WHERE state = 'pending' OR (state = 'running' AND heartbeat_at < $1)
         ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING ${JOB_COLUMNS}`,
      [staleBefore],
    );
    return row ?? null;
  }

  async setTotal(manager: EntityManager, id: string, total: number): Promise<void> {
    await manager.query(`UPDATE calendar_recompute_jobs SET total = GREATEST(total, $2) WHERE id = $1`, [
      id,
      total,
    ]);
  }

  /** Adds a committed batch to the job's progress; false when the job was superseded meanwhile. */
  async progress(manager: EntityManager, id: string, done: number, changed: number): Promise<boolean> {
    const rows = await updated(
      manager,
      `UPDATE calendar_recompute_jobs SET done = done + $2, changed = changed + $3, heartbeat_at = now()
       WHERE id = $1 AND state = 'running' RETURNING id`,
      [id, done, changed],
    );
    return rows.length > 0;
  }

  /** Keeps the last failure on a job that stays running (it is retried when its heartbeat goes stale). */
  async recordError(manager: EntityManager, id: string, error: string): Promise<void> {
    await manager.query(`UPDATE calendar_recompute_jobs SET error = $2 WHERE id = $1`, [
      id,
      error.slice(0, 1000),
    ]);
  }

  async finishJob(manager: EntityManager, id: string, state: 'done' | 'failed', error: string | null) {
    await manager.query(
      `UPDATE calendar_recompute_jobs SET state = $2, error = $3, finished_at = now(),
         total = GREATEST(total, done)
       WHERE id = $1 AND state = 'running'`,
      [id, state, error],
    );
  }
}

/** The rows an UPDATE … RETURNING gave (TypeORM answers `[rows, count]` for an UPDATE on PostgreSQL). */
async function updated<T>(manager: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  const result = await manager.query(sql, params);
  return (Array.isArray(result[0]) ? result[0] : result) as T[];
}
