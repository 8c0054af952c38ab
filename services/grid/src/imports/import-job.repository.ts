import { Injectable } from '@nestjs/common';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import { scopePredicate, type DataScope } from '../scope/data-scope.js';

export type ImportStatus = 'running' | 'done' | 'failed';

export interface ImportCounters {
  bytesRead: number;
  rowsRead: number;
  rowsImported: number;
  rowsUnchanged: number;
  rowsFailed: number;
}

export interface ImportJobRow extends ImportCounters {
  id: string;
  status: ImportStatus;
  fileName: string;
  fileSha256: string;
  totalBytes: number;
  startedBy: string;
  scopePath: string | null;
  failure: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface ImportErrorRow {
  line: number;
  reason: string;
}

/**
 * Key space of the advisory locks that mark a job as alive: the process running a job holds
 * (IMPORT_LOCK, hashtext(job id)) on its connection for as long as it runs, and a job that says
 * "running" while nobody holds its lock was cut off (crash, restart) and is failed.
 */
export const IMPORT_LOCK = 7_201;

const COLUMNS = `id, status, file_name AS "fileName", file_sha256 AS "fileSha256", total_bytes::float8 AS "totalBytes",
  bytes_read::float8 AS "bytesRead", rows_read AS "rowsRead", rows_imported AS "rowsImported",
  rows_unchanged AS "rowsUnchanged", rows_failed AS "rowsFailed", started_by AS "startedBy",
  scope_path AS "scopePath", failure, created_at AS "createdAt", finished_at AS "finishedAt"`;

export const INTERRUPTED = 'interrupted: the process running the import stopped before it finished';

/** The only code that touches import_jobs and import_errors. */
@Injectable()
export class ImportJobRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(job: {
    id: string;
    fileName: string;
    fileSha256: string;
    totalBytes: number;
    startedBy: string;
    scopePath: string | null;
  }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO import_jobs (id, status, file_name, file_sha256, total_bytes, started_by, scope_path)
       VALUES ($1, 'running', $2, $3, $4, $5, $6)`,
      [job.id, job.fileName, job.fileSha256, job.totalBytes, job.startedBy, job.scopePath],
    );
  }

  async finish(
    id: string,
    status: Exclude<ImportStatus, 'running'>,
    c: ImportCounters,
    fileSha256: string | null,
    failure: string | null,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE import_jobs SET status = $2, bytes_read = $3, rows_read = $4, rows_imported = $5,
         rows_unchanged = $6, rows_failed = $7, file_sha256 = COALESCE($8, file_sha256), failure = $9,
         finished_at = now()
       WHERE id = $1`,
      [
        id,
        status,
        c.bytesRead,
        c.rowsRead,
        c.rowsImported,
        c.rowsUnchanged,
        c.rowsFailed,
        fileSha256,
        failure?.slice(0, 500) ?? null,
      ],
    );
  }

  /**
   * A batch's rejected lines (a line is recorded once) and, when given, the job's progress: one
   * statement in the batch transaction, so the counters match what is committed.
   */
  async recordBatch(
    client: pg.ClientBase,
    jobId: string,
    errors: readonly ImportErrorRow[],
    progress: ImportCounters | null,
  ): Promise<void> {
    if (errors.length === 0 && !progress) return;
    const params: unknown[] = [jobId, errors.map((e) => e.line), errors.map((e) => e.reason)];
    const insert = `INSERT INTO import_errors (job_id, line, reason)
       SELECT $1, line, reason FROM unnest($2::int[], $3::text[]) AS e(line, reason)
       ON CONFLICT DO NOTHING`;
    if (!progress) {
      await client.query(insert, params);
      return;
    }
    const c = progress;
    params.push(c.bytesRead, c.rowsRead, c.rowsImported, c.rowsUnchanged, c.rowsFailed);
    await client.query(
      `WITH errors AS (${insert})
       UPDATE import_jobs SET bytes_read = $4, rows_read = $5, rows_imported = $6, rows_unchanged = $7,
         rows_failed = $8 WHERE id = $1`,
      params,
    );
  }

  /**
   * A job the caller may see: one started within the caller's scope (a job started with the whole tree
   * in scope is visible only to callers who have the whole tree too).
   */
  async find(scope: DataScope, id: string): Promise<ImportJobRow | null> {
    const params: unknown[] = [id];
    const visible =
      scope.path === null
        ? 'TRUE'
        : `scope_path IS NOT NULL AND ${scopePredicate(scope, 'scope_path', params)}`;
    const rows: ImportJobRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM import_jobs WHERE id = $1 AND ${visible}`,
      params,
    );
    return rows[0] ?? null;
  }

  async listErrors(jobId: string, afterLine: number, limit: number): Promise<ImportErrorRow[]> {
    return this.dataSource.query(
      `SELECT line, reason FROM import_errors WHERE job_id = $1 AND line > $2 ORDER BY line LIMIT $3`,
      [jobId, afterLine, limit],
    );
  }

  /**
   * Fails every running job (or just `id`) whose runner is gone: nobody holds its advisory lock. Jobs
   * running in another live process keep their lock and are left alone. Returns the ids it failed.
   */
  async failAbandoned(id?: string): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `WITH failed AS (
         UPDATE import_jobs SET status = 'failed', failure = $1, finished_at = now()
         WHERE status IN ('queued', 'running') AND ($2::uuid IS NULL OR id = $2::uuid)
           AND pg_try_advisory_xact_lock(${IMPORT_LOCK}, hashtext(id::text))
         RETURNING id)
       SELECT id FROM failed`,
      [INTERRUPTED, id ?? null],
    );
    return rows.map((r) => r.id);
  }
}
