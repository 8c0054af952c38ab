import { Injectable } from '@nestjs/common';
import {
  entityColumns,
  execute,
  pathWithinSql,
  queryOne,
  queryRows,
  sql,
  type Db,
  type Row,
} from '@yiwang/platform';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import type { DataScope } from '../scope/data-scope.js';
import { ImportErrorEntity } from './import-error.entity.js';
import { ImportJobEntity } from './import-job.entity.js';

export type ImportStatus = 'running' | 'done' | 'failed';

export type ImportCounters = Pick<
  Row<ImportJobEntity>,
  'bytesRead' | 'rowsRead' | 'rowsImported' | 'rowsUnchanged' | 'rowsFailed'
>;

export type ImportJobRow = Omit<Row<ImportJobEntity>, 'status'> & { status: ImportStatus };

export type ImportErrorRow = Pick<Row<ImportErrorEntity>, 'line' | 'reason'>;

/**
 * Key space of the advisory locks that mark a job as alive: the process running a job holds
 * (IMPORT_LOCK, hashtext(job id)) on its connection for as long as it runs, and a job that says
 * "running" while nobody holds its lock was cut off (crash, restart) and is failed.
 */
export const IMPORT_LOCK = 7_201;

export const INTERRUPTED = 'interrupted: the process running the import stopped before it finished';

const COUNTERS = ['bytesRead', 'rowsRead', 'rowsImported', 'rowsUnchanged', 'rowsFailed'] as const;

const jobs = (db: Db) => entityColumns(db, ImportJobEntity);

/** The only code that touches import_jobs and import_errors. */
@Injectable()
export class ImportJobRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(
    job: Pick<ImportJobRow, 'id' | 'fileName' | 'fileSha256' | 'totalBytes' | 'startedBy' | 'scopePath'>,
  ): Promise<void> {
    const j = jobs(this.dataSource);
    await execute(
      this.dataSource,
      j.insert(
        [{ ...job, status: 'running' }],
        ['id', 'status', 'fileName', 'fileSha256', 'totalBytes', 'startedBy', 'scopePath'],
      ),
    );
  }

  async finish(
    id: string,
    status: Exclude<ImportStatus, 'running'>,
    c: ImportCounters,
    fileSha256: string | null,
    failure: string | null,
  ): Promise<void> {
    const j = jobs(this.dataSource);
    await execute(
      this.dataSource,
      sql`UPDATE ${j.table} SET ${j.assign({ ...c, status, failure: failure?.slice(0, 500) ?? null }, [
        'status',
        ...COUNTERS,
        'failure',
      ])}, file_sha256 = COALESCE(${fileSha256}, file_sha256), finished_at = now()
          WHERE id = ${id}`,
    );
  }

  /**
   * A batch's rejected lines (a line is recorded once) and, when given, the job's progress: one
   * statement in the batch transaction, so the counters match what is committed. It runs on the
   * import's own driver connection (the one holding the batch transaction), still as one statement
   * with bind parameters.
   */
  async recordBatch(
    client: pg.ClientBase,
    jobId: string,
    errors: readonly ImportErrorRow[],
    progress: ImportCounters | null,
  ): Promise<void> {
    if (errors.length === 0 && !progress) return;
    const j = jobs(this.dataSource);
    const e = entityColumns(this.dataSource, ImportErrorEntity);
    const insert = sql`INSERT INTO ${e.table} (${e.names(['jobId', 'line', 'reason'])})
       SELECT ${jobId}::uuid, line, reason
       FROM unnest(${errors.map((r) => r.line)}::int[], ${errors.map((r) => r.reason)}::text[]) AS e(line, reason)
       ON CONFLICT DO NOTHING`;
    const statement = progress
      ? sql`WITH errors AS (${insert})
            UPDATE ${j.table} SET ${j.assign(progress, COUNTERS)} WHERE id = ${jobId}`
      : insert;
    await client.query(statement.text, [...statement.values]);
  }

  /**
   * A job the caller may see: one started within the caller's scope (a job started with the whole tree
   * in scope is visible only to callers who have the whole tree too).
   */
  async find(scope: DataScope, id: string): Promise<ImportJobRow | null> {
    const j = jobs(this.dataSource);
    const visible =
      scope.path === null
        ? sql`TRUE`
        : sql`scope_path IS NOT NULL AND ${pathWithinSql(j.column('scopePath'), scope.path)}`;
    const row = await queryOne<ImportJobRow>(
      this.dataSource,
      sql`SELECT ${j.select()} FROM ${j.table} WHERE id = ${id} AND ${visible}`,
    );
    return row && j.read([row])[0];
  }

  listErrors(jobId: string, afterLine: number, limit: number): Promise<ImportErrorRow[]> {
    const e = entityColumns(this.dataSource, ImportErrorEntity);
    return queryRows(
      this.dataSource,
      sql`SELECT ${e.select(undefined, ['line', 'reason'])} FROM ${e.table}
          WHERE job_id = ${jobId} AND line > ${afterLine} ORDER BY line LIMIT ${limit}`,
    );
  }

  /**
   * Fails every running job (or just `id`) whose runner is gone: nobody holds its advisory lock. Jobs
   * running in another live process keep their lock and are left alone. Returns the ids it failed.
   */
  async failAbandoned(id?: string): Promise<string[]> {
    const j = jobs(this.dataSource);
    const rows = await queryRows<{ id: string }>(
      this.dataSource,
      sql`UPDATE ${j.table} SET status = 'failed', failure = ${INTERRUPTED}, finished_at = now()
          WHERE status IN ('queued', 'running') AND (${id ?? null}::uuid IS NULL OR id = ${id ?? null}::uuid)
            AND pg_try_advisory_xact_lock(${IMPORT_LOCK}::int, hashtext(id::text))
          RETURNING id`,
    );
    return rows.map((r) => r.id);
  }
}
