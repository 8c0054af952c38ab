import {
  Controller,
  Get,
  Inject,
  PayloadTooLargeException,
  Post,
  Req,
  Res,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import type { importsV1 } from '@yiwang/contracts';
import { CONFIG } from '@yiwang/platform';
import { z } from 'zod';
import { RequirePermission } from '../auth/permission.guard.js';
import { IMPORTS_CLIENT, type ImportsClient } from '../downstream/downstream.module.js';
import type { GatewayConfig } from '../gateway.config.js';
import { ApiRoute, ApiRouteWriting, ValidParams, ValidQuery, named } from '../openapi/api-route.decorator.js';
import { idParams } from './registry.schemas.js';

const CSV_TYPES = ['text/csv', 'application/csv', 'application/octet-stream'];
/** Uploads are handed to the grid service in one message; hashing and storing 64 MiB takes a while. */
const START_DEADLINE_MS = 60_000;
const ERRORS_PAGE = 1_000;

const startQuery = z
  .object({
    fileName: z.string().trim().max(200).optional().describe('shown in the job; upload.csv if absent'),
  })
  .strict();
const csvBody = z
  .string()
  .describe(
    'The CSV file as it is (UTF-8, BOM optional, LF or CRLF): header household_no,community_code,building,' +
      'entrance,room,address,name,id_number,phone,relation in any order; see services/grid/IMPORT.md',
  );
const job = named(
  'ImportJob',
  z.strictObject({
    id: z.string().uuid(),
    status: z.enum(['running', 'done', 'failed']),
    fileName: z.string(),
    fileSha256: z.string(),
    totalBytes: z.number(),
    bytesRead: z.number(),
    progress: z.number().describe('bytesRead / totalBytes, 0 to 1'),
    rowsRead: z.number(),
    rowsImported: z.number(),
    rowsUnchanged: z.number(),
    rowsFailed: z.number(),
    errorsCount: z.number().describe('rejected lines, listed by GET …/errors'),
    rowsPerSecond: z.number(),
    etaSeconds: z.number().nullable().describe('while running, from the share of bytes read; else null'),
    startedBy: z.string(),
    scopePath: z.string().nullable(),
    failure: z.string().nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
    links: z.strictObject({ self: z.string(), errors: z.string() }),
  }),
);
type ImportJob = z.input<typeof job>;

/**
 * CSV imports of households and residents as background jobs, through the grid service's ImportService:
 * upload (202 with the job), follow its progress, download the rejected lines as CSV.
 */
@Controller('api/v1/registry/imports')
export class RegistryImportsHttpController {
  constructor(
    @Inject(IMPORTS_CLIENT) private readonly imports: ImportsClient,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Post()
  @RequirePermission('registry:import')
  @ApiRoute({
    tag: 'imports',
    summary:
      'Start an import of households and residents from a CSV body (Content-Type text/csv); rows outside the ' +
      'caller’s scope are rejected line by line',
    query: startQuery,
    body: csvBody,
    bodyType: 'text/csv',
    response: job,
    status: 202,
    errors: [413, 415, 429],
  })
  async start(
    @ValidQuery() { fileName }: z.output<typeof startQuery>,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const content = await this.readCsv(request);
    const started = await this.imports.call(
      'startImport',
      { fileName, content },
      { deadlineMs: START_DEADLINE_MS },
    );
    const view = present(started.job!);
    response.status(202).location(view.links.self);
    return view;
  }

  @Get(':id')
  @RequirePermission('registry:import')
  @ApiRoute({
    tag: 'imports',
    summary: 'An import’s progress: rows done, rows per second, ETA, rejected lines, state',
    params: idParams,
    response: job,
    errors: [404],
  })
  async get(@ValidParams() { id }: z.output<typeof idParams>) {
    return present((await this.imports.call('getImport', { id })).job!);
  }

  @Get(':id/errors')
  @RequirePermission('registry:import')
  @ApiRouteWriting({
    tag: 'imports',
    summary: 'The rejected lines as a CSV download (line,reason): line numbers and reasons, never content',
    params: idParams,
    response: z.string().describe('line,reason'),
    responseType: 'text/csv',
    errors: [404],
  })
  async errors(@ValidParams() { id }: z.output<typeof idParams>, @Res() response: Response): Promise<void> {
    // The job first: a job that does not exist (or is out of scope) is a 404 before any CSV is sent.
    const found = present((await this.imports.call('getImport', { id })).job!);
    let page = await this.imports.call('listImportErrors', { id, afterLine: 0, limit: ERRORS_PAGE });
    const base = found.fileName.replace(/\.csv$/i, '').replace(/[^\w.-]+/g, '_') || 'import';
    response.status(200);
    response.setHeader('content-type', 'text/csv; charset=utf-8');
    response.setHeader('content-disposition', `attachment; filename="${base}.errors.csv"`);
    response.write('line,reason\n');
    for (;;) {
      response.write(page.errors.map((e) => `${e.line},${csvCell(e.reason)}\n`).join(''));
      if (!page.nextAfterLine) break;
      page = await this.imports.call('listImportErrors', {
        id,
        afterLine: page.nextAfterLine,
        limit: ERRORS_PAGE,
      });
    }
    response.end();
  }

  /** The raw body, refused when it is not CSV or larger than IMPORT_MAX_BYTES (before reading, when declared). */
  private async readCsv(request: Request): Promise<Buffer> {
    const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (!CSV_TYPES.includes(type)) {
      throw new UnsupportedMediaTypeException(`Send the CSV file as the body with Content-Type text/csv`);
    }
    const max = this.config.IMPORT_MAX_BYTES;
    const tooLarge = () =>
      new PayloadTooLargeException(
        `The import is larger than ${max} bytes; import larger files with npm run registry -- import`,
      );
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > max) {
      closeAfterReply(request);
      throw tooLarge();
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > max) {
        closeAfterReply(request);
        throw tooLarge();
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks, size);
  }
}

/** The connection is closed after the refusal, so the rest of an oversized body is never read. */
function closeAfterReply(request: Request): void {
  request.res?.setHeader('connection', 'close');
}

function present(j: importsV1.ImportJob): ImportJob {
  const self = `/api/v1/registry/imports/${j.id}`;
  const end = j.finishedAt ? Date.parse(j.finishedAt) : Date.now();
  const seconds = Math.max(0.001, (end - Date.parse(j.createdAt)) / 1000);
  const rate = j.rowsRead / seconds;
  return {
    id: j.id,
    // running, done or failed (the proto's words); the response check holds it to them.
    status: j.status as ImportJob['status'],
    fileName: j.fileName,
    fileSha256: j.fileSha256,
    totalBytes: j.totalBytes,
    bytesRead: j.bytesRead,
    progress: j.progress,
    rowsRead: j.rowsRead,
    rowsImported: j.rowsImported,
    rowsUnchanged: j.rowsUnchanged,
    rowsFailed: j.rowsFailed,
    errorsCount: j.rowsFailed,
    rowsPerSecond: Math.round(rate * 10) / 10,
    etaSeconds:
      j.status === 'running' && j.progress > 0 ? Math.round((seconds * (1 - j.progress)) / j.progress) : null,
    startedBy: j.startedBy,
    scopePath: j.scopePath || null,
    failure: j.failure || null,
    createdAt: j.createdAt,
    finishedAt: j.finishedAt || null,
    links: { self, errors: `${self}/errors` },
  };
}

/** A CSV cell: quoted when it holds a comma, quote or line break. */
function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
