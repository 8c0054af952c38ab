import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import { subjects } from '@yiwang/contracts';
import { DomainError, OutboxWriter, outboxEvent, type OutboxEvent } from '@yiwang/platform';
import { parse } from 'csv-parse';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import { PiiCipher } from '../people/pii-cipher.js';
import { PERMISSIONS, type DataScope } from '../scope/data-scope.js';
import { chinaToday } from '../shared/china-date.js';
import { CsvLineGuard, type LineIssue } from './csv-lines.js';
import { copyValue, ImportBatchWriter, type BatchOutcome, type StagedRow } from './import-batch.writer.js';
import {
  IMPORT_LOCK,
  ImportJobRepository,
  type ImportCounters,
  type ImportErrorRow,
} from './import-job.repository.js';
import { ImportJobErrors } from './imports.errors.js';
import {
  ImportErrors,
  memoizedInitials,
  parseHeader,
  parseRow,
  type ImportHeader,
  type ImportRow,
} from './resident-row.js';

/** Rows per batch: one COPY and one transaction each. */
export const IMPORT_BATCH_SIZE = 1_000;
/** The job row's counters are written at most this often (and once at the end). */
const PROGRESS_INTERVAL_MS = 500;
/** Rows read between turns of the event loop (so the batch being written is not starved). */
const YIELD_EVERY = 16;
/** Chunks a file or buffer is read in: the parser never holds more than one chunk's rows. */
const CHUNK_BYTES = 64 * 1024;

/** Where the CSV comes from: opened once, read as a stream. */
export interface ImportSource {
  readonly fileName: string;
  readonly totalBytes: number;
  /** Known up front for uploads; for files it is computed while reading. */
  readonly sha256?: string;
  open(): Readable;
}

export interface ImportProgress extends ImportCounters {
  totalBytes: number;
  elapsedMs: number;
}

export interface ImportOptions {
  batchSize?: number;
  /** After every committed batch. */
  onProgress?: (progress: ImportProgress) => void;
  /** Rejected lines of each committed batch, in line order (the CLI writes them to the error file). */
  onErrors?: (errors: readonly ImportErrorRow[]) => Promise<void> | void;
  /** Stops the import after the batch being written (the job is then failed, committed batches stay). */
  signal?: AbortSignal;
}

export interface ImportReport extends ImportProgress {
  jobId: string;
  status: 'done' | 'failed';
  failure: string | null;
  created: { buildings: number; households: number; residents: number };
  updated: { households: number; residents: number };
  /** Most rows read but not yet committed at any moment: bounded by two batches, however large the file. */
  maxRowsInFlight: number;
  batchSize: number;
}

/** A file on disk. */
export async function fileSource(path: string): Promise<ImportSource> {
  const { size } = await stat(path);
  return {
    fileName: basename(path),
    totalBytes: size,
    open: () => createReadStream(path, { highWaterMark: CHUNK_BYTES }),
  };
}

/** An upload held in memory, read in chunks so the parser's backlog stays small. */
export function bufferSource(fileName: string, content: Buffer): ImportSource {
  return {
    fileName,
    totalBytes: content.length,
    sha256: createHash('sha256').update(content).digest('hex'),
    open: () =>
      Readable.from(
        (function* chunks() {
          for (let at = 0; at < content.length; at += CHUNK_BYTES)
            yield content.subarray(at, at + CHUNK_BYTES);
        })(),
      ),
  };
}

/** Rows read and not yet written: COPY text of the good ones, reasons for the bad ones. */
class PendingBatch {
  readonly copy: string[] = [];
  readonly staged: StagedRow[] = [];
  readonly errors: ImportErrorRow[] = [];
  get rows(): number {
    return this.copy.length + this.errors.length;
  }
}

const NO_OUTCOME: BatchOutcome = {
  errors: [],
  imported: 0,
  unchanged: 0,
  buildings: [],
  households: [],
  residents: [],
};

/**
 * Bulk import of households and residents from CSV (format: services/grid/IMPORT.md). A stream: file →
 * line guard → csv-parse → row checks and encryption → batches of IMPORT_BATCH_SIZE rows → COPY into a
 * staging table and set-based upserts, one transaction per batch with its events and rejected lines.
 * While one batch is written the next is read, so at most two batches are in memory; the parser is
 * paused (backpressure) whenever the next batch is full before the previous one is committed.
 *
 * Bad rows never stop good ones: each is recorded in import_errors with its line number and a reason
 * that never repeats the row's content. Re-importing a file creates nothing new and counts its rows as
 * unchanged; a changed row updates the resident (or household). Everything runs within the given scope.
 */
@Injectable()
export class ResidentImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: PiiCipher,
    private readonly jobs: ImportJobRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  /** Registers a running job for `source` under `scope` (which needs registry:import). */
  async createJob(scope: DataScope, source: Omit<ImportSource, 'open'>): Promise<string> {
    if (!scope.permissions.has(PERMISSIONS.import)) throw ImportJobErrors.forbidden();
    const id = randomUUID();
    await this.jobs.create({
      id,
      fileName: source.fileName.slice(0, 200),
      fileSha256: source.sha256 ?? '0'.repeat(64),
      totalBytes: source.totalBytes,
      startedBy: scope.subject,
      scopePath: scope.path,
    });
    return id;
  }

  /** createJob, then run. */
  async import(scope: DataScope, source: ImportSource, options: ImportOptions = {}): Promise<ImportReport> {
    return this.run(await this.createJob(scope, source), scope, source, options);
  }

  /**
   * Runs a created job to the end and records the outcome on it. Never throws for what is in the file:
   * bad rows are counted and recorded, and a file that cannot be read at all (no header, I/O error)
   * fails the job with the reason; batches committed before a failure stay.
   */
  async run(
    jobId: string,
    scope: DataScope,
    source: ImportSource,
    options: ImportOptions = {},
  ): Promise<ImportReport> {
    const batchSize = options.batchSize ?? IMPORT_BATCH_SIZE;
    const started = performance.now();
    const counters: ImportCounters = {
      bytesRead: 0,
      rowsRead: 0,
      rowsImported: 0,
      rowsUnchanged: 0,
      rowsFailed: 0,
    };
    const created = { buildings: 0, households: 0, residents: 0 };
    const updated = { households: 0, residents: 0 };
    let inFlight = 0;
    let maxRowsInFlight = 0;
    let lastProgress = 0;
    let failure: string | null = null;
    let sha256: string | null = null;
    const lineIssues: LineIssue[] = [];
    const guard = new CsvLineGuard((issue) => lineIssues.push(issue));
    const progress = (): ImportProgress => ({
      ...counters,
      bytesRead: guard.bytes,
      totalBytes: source.totalBytes,
      elapsedMs: performance.now() - started,
    });

    const runner = this.dataSource.createQueryRunner();
    let client: pg.PoolClient | undefined;
    let writer: ImportBatchWriter | undefined;
    // The batch being written; it never rejects (a failure is kept in writeError).
    let writing: Promise<void> = Promise.resolve();
    let writeError: Error | null = null;

    const write = async (batch: PendingBatch): Promise<void> => {
      const db = client!;
      // A batch needs no flush of its own: the job's final update flushes the log, and a crash before it
      // fails the job (its lock is gone), which is re-run; re-running an import is safe.
      // Through the query runner, so that the outbox sees the transaction it writes in.
      await runner.startTransaction();
      await db.query('SET LOCAL synchronous_commit = off');
      let errors: ImportErrorRow[];
      const next = { ...counters };
      try {
        const outcome =
          batch.copy.length > 0
            ? await writer!.write(batch.copy.join(''), batch.staged, chinaToday())
            : NO_OUTCOME;
        errors = [...batch.errors, ...outcome.errors].sort((a, b) => a.line - b.line);
        await this.outbox.publishMany(runner.manager, this.events(outcome));
        next.rowsImported += outcome.imported;
        next.rowsUnchanged += outcome.unchanged;
        next.rowsFailed += errors.length;
        const due = performance.now() - lastProgress >= PROGRESS_INTERVAL_MS;
        await this.jobs.recordBatch(
          db,
          jobId,
          errors,
          due ? { ...next, rowsRead: counters.rowsRead, bytesRead: guard.bytes } : null,
        );
        if (due) lastProgress = performance.now();
        await runner.commitTransaction();
        created.buildings += outcome.buildings.length;
        for (const h of outcome.households) {
          if (h.created) created.households += 1;
          else updated.households += 1;
        }
        for (const r of outcome.residents) {
          if (r.change === 'created') created.residents += 1;
          else updated.residents += 1;
        }
      } catch (error) {
        await runner.rollbackTransaction().catch(() => undefined);
        throw error;
      }
      counters.rowsImported = next.rowsImported;
      counters.rowsUnchanged = next.rowsUnchanged;
      counters.rowsFailed = next.rowsFailed;
      inFlight -= batch.rows;
      await options.onErrors?.(errors);
      options.onProgress?.(progress());
    };

    let batch = new PendingBatch();
    const dispatch = async (): Promise<void> => {
      const full = batch;
      batch = new PendingBatch();
      await writing;
      if (writeError) throw writeError;
      if (options.signal?.aborted) throw new Error('interrupted: the service shut down');
      writing = write(full).catch((error: unknown) => {
        writeError = error instanceof Error ? error : new Error(String(error));
      });
    };
    // Lines the guard took out arrive ahead of the parser's records: each is counted as a failed row when
    // the parser reaches it (it reaches it as a blank line).
    const takeIssues = (upTo: number): void => {
      while (lineIssues.length > 0 && lineIssues[0].line <= upTo) {
        const issue = lineIssues.shift()!;
        counters.rowsRead += 1;
        inFlight += 1;
        batch.errors.push({ line: issue.line, reason: issue.reason });
      }
    };

    try {
      client = (await runner.connect()) as pg.PoolClient;
      await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [IMPORT_LOCK, jobId]);
      // Room for the per-job staging tables of a large file (a session's first use of temporary tables
      // fixes it; later it is ignored).
      await client.query(`SET temp_buffers = '64MB'`);
      writer = new ImportBatchWriter(client, scope);
      await writer.prepare();

      // Blank lines are kept, so that record n is line n: after the guard no record spans two lines.
      const parser = parse({
        bom: true,
        relax_column_count: true,
        skip_empty_lines: false,
        record_delimiter: ['\r\n', '\n'],
      });
      const flowing = pipeline(source.open(), guard, parser);
      // Its failure surfaces through the iterator below; this only keeps it from going unhandled.
      flowing.catch(() => undefined);

      let header: ImportHeader | null = null;
      let line = 0;
      const initials = memoizedInitials();
      for await (const record of parser as AsyncIterable<string[]>) {
        line += 1;
        const blank = record.length === 1 && record[0].trim() === '';
        if (!header) {
          const issue = lineIssues[0]?.line === 1 ? lineIssues[0] : null;
          if (issue) throw ImportErrors.header(issue.reason);
          if (blank) throw ImportErrors.header('the first line must be the header');
          header = parseHeader(record);
          continue;
        }
        takeIssues(line);
        if (blank) continue;
        counters.rowsRead += 1;
        inFlight += 1;
        if (inFlight > maxRowsInFlight) maxRowsInFlight = inFlight;
        const parsed = parseRow(header, record, line, initials);
        if (parsed.ok) this.stage(batch, parsed.value);
        else batch.errors.push({ line, reason: parsed.reason });
        if (batch.rows >= batchSize) await dispatch();
        // Parsing a chunk's rows runs without a pause; yielding lets the batch being written make progress.
        else if (counters.rowsRead % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      await flowing;
      takeIssues(Infinity);
      if (inFlight > maxRowsInFlight) maxRowsInFlight = inFlight;
      if (!header) {
        throw ImportErrors.header(
          lineIssues[0]?.reason ?? 'the file is empty: the first line must be the header',
        );
      }
      if (batch.rows > 0) await dispatch();
      await writing;
      if (writeError) throw writeError as Error;
      sha256 = source.sha256 ?? guard.digest();
    } catch (error) {
      failure = describe(error);
    } finally {
      await writing;
    }

    const final = { ...counters, bytesRead: failure ? guard.bytes : source.totalBytes };
    try {
      await this.jobs.finish(jobId, failure ? 'failed' : 'done', final, sha256, failure);
    } finally {
      if (client) {
        await writer?.dropTables().catch(() => undefined);
        await client
          .query('SELECT pg_advisory_unlock($1, hashtext($2))', [IMPORT_LOCK, jobId])
          .catch(() => undefined);
      }
      await runner.release();
    }
    return {
      ...final,
      totalBytes: source.totalBytes,
      elapsedMs: performance.now() - started,
      jobId,
      status: failure ? 'failed' : 'done',
      failure,
      created,
      updated,
      maxRowsInFlight,
      batchSize,
    };
  }

  /**
   * Adds the row to the batch as a COPY line, its ID and phone numbers encrypted and hashed: nothing
   * clear goes further.
   */
  private stage(batch: PendingBatch, row: ImportRow): void {
    const phone = row.phone;
    const idNumberHash = this.cipher.lookupHash('id', row.idNumber);
    const line = [
      row.line,
      row.householdNo,
      row.communityCode,
      row.building,
      row.entrance,
      row.room,
      row.address,
      row.name,
      row.nameInitials,
      row.gender,
      row.birthDate,
      this.cipher.encrypt(row.idNumber),
      idNumberHash,
      phone === null ? null : this.cipher.encrypt(phone),
      phone === null ? null : this.cipher.lookupHash('phone', phone),
      row.relation,
    ];
    batch.copy.push(line.map(copyValue).join('\t') + '\n');
    batch.staged.push({ line: row.line, householdNo: row.householdNo, idNumberHash });
  }

  /** Registry events of a batch: ids, grid codes and paths only. */
  private events(outcome: BatchOutcome): OutboxEvent[] {
    const events: OutboxEvent[] = [];
    const occurredAt = new Date().toISOString();
    const registry = subjects.registry;
    for (const b of outcome.buildings) {
      events.push(
        outboxEvent(registry.buildingChanged, {
          id: b.id,
          gridCode: b.gridCode,
          path: b.path,
          change: 'created',
          occurredAt,
        }),
      );
    }
    for (const h of outcome.households) {
      events.push(
        outboxEvent(registry.householdChanged, {
          id: h.id,
          buildingId: h.buildingId,
          gridCode: h.gridCode,
          path: h.path,
          change: h.created ? 'created' : 'updated',
          occurredAt,
        }),
      );
    }
    for (const r of outcome.residents) {
      events.push(
        outboxEvent(registry.residentChanged, {
          id: r.id,
          householdId: r.householdId,
          gridCode: r.gridCode,
          path: r.path,
          change: r.change,
          occurredAt,
        }),
      );
    }
    return events;
  }
}

/** Why a job stopped, for import_jobs.failure: messages and details never carry row content. */
function describe(error: unknown): string {
  if (error instanceof DomainError) {
    const details = error.details.map((d) => d.message).join('; ');
    return details ? `${error.message}: ${details}` : error.message;
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
