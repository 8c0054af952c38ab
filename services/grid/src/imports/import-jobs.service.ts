import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { IdentityContext, logger } from '@yiwang/platform';
import { currentScope, PERMISSIONS, type DataScope } from '../scope/data-scope.js';
import { isUuid } from '../shared/page-cursor.js';
import { ImportJobRepository, type ImportErrorRow, type ImportJobRow } from './import-job.repository.js';
import { ImportJobErrors } from './imports.errors.js';
import { bufferSource, ResidentImportService } from './resident-import.service.js';

/** Largest upload StartImport takes; larger files go through the CLI, which streams from disk. */
export const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;
/** Imports one process runs at once (each holds a database connection and its upload). */
export const MAX_RUNNING_IMPORTS = 2;
const ERRORS_PAGE_MAX = 1_000;

/**
 * Imports as background jobs for the API: started under the caller's scope and identity, followed by
 * progress and rejected lines. A job whose process stopped (crash, restart) is failed when this process
 * starts, or when someone asks about it, instead of staying "running" forever.
 */
@Injectable()
export class ImportJobsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly running = new Map<string, { abort: AbortController; done: Promise<unknown> }>();

  constructor(
    private readonly imports: ResidentImportService,
    private readonly jobs: ImportJobRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const failed = await this.jobs.failAbandoned();
    if (failed.length > 0)
      logger().warn({ jobs: failed }, 'imports left running by a stopped process were failed');
  }

  /**
   * Running imports stop after their current batch and end as failed, with what was committed kept;
   * before the database pool closes.
   */
  async beforeApplicationShutdown(): Promise<void> {
    for (const { abort } of this.running.values()) abort.abort();
    await Promise.allSettled([...this.running.values()].map((job) => job.done));
  }

  /** Starts the import and returns at once, with the job as it is then. */
  async start(fileName: string | undefined, content: Buffer): Promise<ImportJobRow> {
    const scope = this.importScope();
    if (content.length === 0) throw ImportJobErrors.empty();
    if (content.length > MAX_UPLOAD_BYTES) throw ImportJobErrors.tooLarge(MAX_UPLOAD_BYTES);
    if (this.running.size >= MAX_RUNNING_IMPORTS) throw ImportJobErrors.busy(MAX_RUNNING_IMPORTS);
    const source = bufferSource(fileName?.trim() || 'upload.csv', content);
    const id = await this.imports.createJob(scope, source);
    const abort = new AbortController();
    const identity = IdentityContext.current();
    const done = IdentityContext.run(identity, () =>
      this.imports.run(id, scope, source, { signal: abort.signal }),
    )
      .catch((err: unknown) => logger().error({ err, job: id }, 'import stopped unexpectedly'))
      .finally(() => this.running.delete(id));
    this.running.set(id, { abort, done });
    return this.find(scope, id);
  }

  async get(id: string): Promise<ImportJobRow> {
    const scope = this.importScope();
    const job = await this.find(scope, id);
    // Running, but not here: if its process is gone too, it will never finish.
    if (job.status === 'running' && !this.running.has(id) && (await this.jobs.failAbandoned(id)).length > 0) {
      return this.find(scope, id);
    }
    return job;
  }

  /** Rejected lines in line order, after `afterLine`; `next` is the line to continue after, or null. */
  async listErrors(
    id: string,
    afterLine: number,
    limit: number,
  ): Promise<{ errors: ImportErrorRow[]; next: number | null }> {
    if (!Number.isInteger(limit) || limit < 1 || limit > ERRORS_PAGE_MAX) {
      throw ImportJobErrors.invalidLimit(ERRORS_PAGE_MAX);
    }
    await this.find(this.importScope(), id);
    const rows = await this.jobs.listErrors(id, Math.max(0, Math.trunc(afterLine) || 0), limit + 1);
    const page = rows.slice(0, limit);
    return { errors: page, next: rows.length > limit ? page[page.length - 1].line : null };
  }

  private importScope(): DataScope {
    const scope = currentScope();
    if (!scope.permissions.has(PERMISSIONS.import)) throw ImportJobErrors.forbidden();
    return scope;
  }

  private async find(scope: DataScope, id: string): Promise<ImportJobRow> {
    const job = isUuid(id) ? await this.jobs.find(scope, id) : null;
    if (!job) throw ImportJobErrors.notFound(id);
    return job;
  }
}
