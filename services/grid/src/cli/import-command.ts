import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { dirname, extname, basename, join, relative, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import type { INestApplicationContext } from '@nestjs/common';
import { stringify, type Stringifier } from 'csv-stringify';
import type { ImportErrorRow } from '../imports/import-job.repository.js';
import { fileSource, ResidentImportService, type ImportSource } from '../imports/resident-import.service.js';
import { SYSTEM_SCOPE } from '../scope/data-scope.js';
import { Progress } from './progress.js';

export const IMPORT_USAGE = `  import <file.csv> [--errors <out.csv>]
                            households and residents from CSV (services/grid/IMPORT.md); bad rows go
                            to the error file (default <file>.errors.csv) as line,reason; re-running
                            the same file changes nothing
`;

/**
 * `npm run registry -- import <file.csv> [--errors <out.csv>]`, with the system scope. Paths are taken
 * relative to the directory npm was started from. Exit code 0 when the import ran to the end (bad rows
 * are counted and listed, not fatal), 1 when it stopped, 2 for a usage error.
 */
export async function importCommand(app: INestApplicationContext, args: string[]): Promise<number> {
  const errorsAt = args.indexOf('--errors');
  const errorsArg = errorsAt >= 0 ? args[errorsAt + 1] : undefined;
  const file = args.find((arg, i) => !arg.startsWith('--') && (errorsAt < 0 || i !== errorsAt + 1));
  if (!file || (errorsAt >= 0 && !errorsArg)) {
    process.stderr.write(`usage: npm run registry -- import <file.csv> [--errors <out.csv>]\n`);
    return 2;
  }
  const base = process.env.INIT_CWD ?? process.cwd();
  const path = resolve(base, file);
  let source: ImportSource;
  try {
    source = await fileSource(path);
  } catch {
    process.stderr.write(`cannot read ${file}\n`);
    return 2;
  }
  const errorFile = new ErrorFile(
    errorsArg ? resolve(base, errorsArg) : join(dirname(path), `${basename(path, extname(path))}.errors.csv`),
    Boolean(errorsArg),
  );

  const progress = new Progress('import');
  const report = await app.get(ResidentImportService).import(SYSTEM_SCOPE, source, {
    onProgress: (p) => progress.update(p.rowsRead, p.totalBytes > 0 ? p.bytesRead / p.totalBytes : 1),
    onErrors: (errors) => errorFile.write(errors),
  });
  progress.done(report.rowsRead);
  await errorFile.close();

  const seconds = report.elapsedMs / 1000;
  const rate = Math.round(report.rowsRead / Math.max(seconds, 0.001));
  const n = (value: number) => value.toLocaleString('en');
  process.stdout.write(
    `${file}: read ${n(report.rowsRead)}, imported ${n(report.rowsImported)}, ` +
      `unchanged ${n(report.rowsUnchanged)}, failed ${n(report.rowsFailed)} ` +
      `in ${seconds.toFixed(1)} s (${n(rate)} rows/s)\n` +
      `  created ${n(report.created.residents)} residents, ${n(report.created.households)} households, ` +
      `${n(report.created.buildings)} buildings; updated ${n(report.updated.residents)} residents, ` +
      `${n(report.updated.households)} households\n` +
      `  job ${report.jobId}\n`,
  );
  if (errorFile.opened)
    process.stdout.write(`  rejected lines: ${relative(base, errorFile.path) || errorFile.path}\n`);
  if (report.status === 'failed') {
    process.stderr.write(`import stopped: ${report.failure}\n`);
    return 1;
  }
  return 0;
}

/** `line,reason` rows, written as each batch commits; the file is created on the first error unless asked for. */
class ErrorFile {
  private csv: Stringifier | null = null;
  private done: Promise<unknown> | null = null;

  constructor(
    readonly path: string,
    eager: boolean,
  ) {
    if (eager) this.open();
  }

  get opened(): boolean {
    return this.csv !== null;
  }

  async write(errors: readonly ImportErrorRow[]): Promise<void> {
    if (errors.length === 0) return;
    const csv = this.csv ?? this.open();
    for (const error of errors) {
      if (!csv.write([error.line, error.reason])) await once(csv, 'drain');
    }
  }

  async close(): Promise<void> {
    if (!this.csv) return;
    this.csv.end();
    const failed = await this.done;
    if (failed instanceof Error) process.stderr.write(`cannot write ${this.path}: ${failed.message}\n`);
  }

  private open(): Stringifier {
    const csv = stringify({ header: true, columns: ['line', 'reason'] });
    const out = createWriteStream(this.path);
    csv.pipe(out);
    this.done = finished(out).catch((error: unknown) => error);
    this.csv = csv;
    return csv;
  }
}
