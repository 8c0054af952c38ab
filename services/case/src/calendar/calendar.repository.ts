import { Injectable } from '@nestjs/common';
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
import {
  CalendarActivationEntity,
  CalendarRecomputeJobEntity,
  CalendarStateEntity,
  CalendarVersionEntity,
} from './calendar.entities.js';

/** Generations count calendar changes: stored as bigint, read as a number (never near 2^31). */
type WithGeneration<E> = Omit<Row<E>, 'generation'> & { generation: number };

export type StoredVersion = Row<CalendarVersionEntity>;
export type StoredActivation = WithGeneration<CalendarActivationEntity>;
export type RecomputeJobRow = Omit<WithGeneration<CalendarRecomputeJobEntity>, 'state'> & {
  state: 'pending' | 'running' | 'done' | 'failed' | 'superseded';
};

/** The only code that touches calendar_versions, calendar_activations, calendar_state and the jobs. */
@Injectable()
export class CalendarRepository {
  async generation(manager: EntityManager): Promise<number> {
    const row = await queryOne<{ generation: number }>(
      manager,
      sql`SELECT generation::int AS generation FROM ${state(manager).table} WHERE id = 1`,
    );
    return row?.generation ?? 0;
  }

  /** Serialises calendar changes: loads and activations hold the state row until they commit. */
  async lock(manager: EntityManager): Promise<number> {
    const row = await queryOne<{ generation: number }>(
      manager,
      sql`SELECT generation::int AS generation FROM ${state(manager).table} WHERE id = 1 FOR UPDATE`,
    );
    return row!.generation;
  }

  async raiseGeneration(manager: EntityManager): Promise<number> {
    const row = await queryOne<{ generation: number }>(
      manager,
      sql`UPDATE ${state(manager).table} SET generation = generation + 1 WHERE id = 1
          RETURNING generation::int AS generation`,
    );
    return row!.generation;
  }

  async versions(manager: EntityManager, year: number): Promise<StoredVersion[]> {
    const v = versions(manager);
    return queryRows<StoredVersion>(
      manager,
      sql`SELECT ${v.select()} FROM ${v.table} WHERE year = ${year} ORDER BY version DESC`,
    );
  }

  async version(manager: EntityManager, year: number, version: number): Promise<StoredVersion | null> {
    const v = versions(manager);
    return queryOne<StoredVersion>(
      manager,
      sql`SELECT ${v.select()} FROM ${v.table} WHERE year = ${year} AND version = ${version}`,
    );
  }

  async versionByDigest(manager: EntityManager, year: number, digest: string): Promise<StoredVersion | null> {
    const v = versions(manager);
    return queryOne<StoredVersion>(
      manager,
      sql`SELECT ${v.select()} FROM ${v.table} WHERE year = ${year} AND digest = ${digest}
          ORDER BY version LIMIT 1`,
    );
  }

  /** Stores the year's next version (one above its highest); the caller holds the state row's lock. */
  async insertVersion(
    manager: EntityManager,
    version: Omit<StoredVersion, 'version' | 'createdAt'>,
  ): Promise<StoredVersion> {
    const v = versions(manager);
    const columns = v.names([
      'year',
      'version',
      'holidays',
      'workdays',
      'source',
      'digest',
      'reason',
      'createdBy',
      'createdByName',
    ]);
    // jsonb arrays go as JSON text: the driver would send a JavaScript array as a PostgreSQL array.
    const row = await queryOne<StoredVersion>(
      manager,
      sql`INSERT INTO ${v.table} (${columns})
          SELECT ${version.year}::smallint, COALESCE(max(version), 0) + 1,
            ${JSON.stringify(version.holidays)}::jsonb, ${JSON.stringify(version.workdays)}::jsonb,
            ${version.source}::varchar, ${version.digest}::char(64), ${version.reason}::text,
            ${version.createdBy}::varchar, ${version.createdByName}::varchar
          FROM ${v.table} WHERE year = ${version.year}
          RETURNING ${v.select()}`,
    );
    return row!;
  }

  /** Open clocks that reach into a year without an arrangement (read-only; the clocks are the deadlines'). */
  async provisionalClocks(manager: EntityManager): Promise<number> {
    const row = await queryOne<{ n: number }>(
      manager,
      sql`SELECT count(*)::int AS n FROM deadline_clocks WHERE provisional AND state IN ('running', 'paused')`,
    );
    return row!.n;
  }

  /** Per year: how many versions were loaded and the latest. */
  async versionCounts(
    manager: EntityManager,
  ): Promise<Array<{ year: number; count: number; latest: number }>> {
    return queryRows(
      manager,
      sql`SELECT year, count(*)::int AS count, max(version) AS latest FROM ${versions(manager).table}
          GROUP BY year`,
    );
  }

  /** The latest activation of every year that has one. */
  async activeActivations(manager: EntityManager): Promise<StoredActivation[]> {
    const a = activations(manager);
    return queryRows<StoredActivation>(
      manager,
      sql`SELECT DISTINCT ON (year) ${withGeneration(a)} FROM ${a.table} ORDER BY year, generation DESC`,
    );
  }

  async activations(manager: EntityManager, year: number): Promise<StoredActivation[]> {
    const a = activations(manager);
    return queryRows<StoredActivation>(
      manager,
      sql`SELECT ${withGeneration(a)} FROM ${a.table} WHERE year = ${year} ORDER BY generation DESC`,
    );
  }

  async insertActivation(manager: EntityManager, activation: StoredActivation): Promise<void> {
    const a = activations(manager);
    await execute(manager, a.insert([{ ...activation, generation: String(activation.generation) }], a.props));
  }

  /** A newer change of the same year makes its earlier unfinished jobs moot: the new one covers them. */
  async supersedeJobs(manager: EntityManager, year: number): Promise<void> {
    await execute(
      manager,
      sql`UPDATE ${jobs(manager).table} SET state = 'superseded', finished_at = now()
          WHERE year = ${year} AND state IN ('pending', 'running')`,
    );
  }

  async insertJob(
    manager: EntityManager,
    id: string,
    year: number,
    generation: number,
  ): Promise<RecomputeJobRow> {
    const j = jobs(manager);
    const row = await queryOne<RecomputeJobRow>(
      manager,
      sql`${j.insert([{ id, year, generation: String(generation), state: 'pending' }], ['id', 'year', 'generation', 'state'])}
          RETURNING ${withGeneration(j)}`,
    );
    return row!;
  }

  async job(manager: EntityManager, id: string): Promise<RecomputeJobRow | null> {
    const j = jobs(manager);
    return queryOne<RecomputeJobRow>(
      manager,
      sql`SELECT ${withGeneration(j)} FROM ${j.table} WHERE id = ${id}`,
    );
  }

  /**
   * Takes the oldest job that is pending, or running with a heartbeat older than `staleBefore` (its
   * worker died), for this worker; null when there is none or another worker holds it.
   */
  async claimJob(manager: EntityManager, staleBefore: Date): Promise<RecomputeJobRow | null> {
    const j = jobs(manager);
    return queryOne<RecomputeJobRow>(
      manager,
      sql`UPDATE ${j.table} SET state = 'running', started_at = COALESCE(started_at, now()),
            heartbeat_at = now()
          WHERE id = (
            SELECT id FROM ${j.table}
            WHERE state = 'pending' OR (state = 'running' AND heartbeat_at < ${staleBefore})
            ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
          RETURNING ${withGeneration(j)}`,
    );
  }

  async setTotal(manager: EntityManager, id: string, total: number): Promise<void> {
    await execute(
      manager,
      sql`UPDATE ${jobs(manager).table} SET total = GREATEST(total, ${total}) WHERE id = ${id}`,
    );
  }

  /** Adds a committed batch to the job's progress; false when the job was superseded meanwhile. */
  async progress(manager: EntityManager, id: string, done: number, changed: number): Promise<boolean> {
    const updated = await execute(
      manager,
      sql`UPDATE ${jobs(manager).table}
          SET done = done + ${done}, changed = changed + ${changed}, heartbeat_at = now()
          WHERE id = ${id} AND state = 'running'`,
    );
    return updated > 0;
  }

  /** Keeps the last failure on a job that stays running (it is retried when its heartbeat goes stale). */
  async recordError(manager: EntityManager, id: string, error: string): Promise<void> {
    await execute(
      manager,
      sql`UPDATE ${jobs(manager).table} SET error = ${error.slice(0, 1000)} WHERE id = ${id}`,
    );
  }

  async finishJob(manager: EntityManager, id: string, state: 'done' | 'failed', error: string | null) {
    await execute(
      manager,
      sql`UPDATE ${jobs(manager).table} SET state = ${state}, error = ${error}, finished_at = now(),
            total = GREATEST(total, done)
          WHERE id = ${id} AND state = 'running'`,
    );
  }
}

const state = (db: Db) => entityColumns(db, CalendarStateEntity);
const versions = (db: Db) => entityColumns(db, CalendarVersionEntity);
const activations = (db: Db) => entityColumns(db, CalendarActivationEntity);
const jobs = (db: Db) => entityColumns(db, CalendarRecomputeJobEntity);

/** Every column of a table with a generation, the generation as a number. */
function withGeneration<E extends { generation: string }>(columns: EntityColumns<E>): Sql {
  const rest = columns.props.filter((prop) => prop !== 'generation');
  return sql`${columns.select(undefined, rest)}, ${columns.column('generation')}::int AS generation`;
}
