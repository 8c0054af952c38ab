import { Controller } from '@nestjs/common';
import { importsV1 } from '@yiwang/contracts';
import type { ImportJobRow } from './import-job.repository.js';
import { ImportJobsService } from './import-jobs.service.js';

/** Transport only: proto messages in, service calls, proto messages out (empty string = absent). */
@Controller()
@importsV1.ImportServiceControllerMethods()
export class ImportsGrpcController implements importsV1.ImportServiceController {
  constructor(private readonly jobs: ImportJobsService) {}

  async startImport(request: importsV1.StartImportRequest): Promise<importsV1.StartImportResponse> {
    const content = request.content ?? new Uint8Array();
    const bytes = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
    return { job: toJob(await this.jobs.start(request.fileName, bytes)) };
  }

  async getImport(request: importsV1.GetImportRequest): Promise<importsV1.GetImportResponse> {
    return { job: toJob(await this.jobs.get(request.id)) };
  }

  async listImportErrors(
    request: importsV1.ListImportErrorsRequest,
  ): Promise<importsV1.ListImportErrorsResponse> {
    const page = await this.jobs.listErrors(request.id, request.afterLine, request.limit || 100);
    return { errors: page.errors, nextAfterLine: page.next ?? 0 };
  }
}

function toJob(job: ImportJobRow): importsV1.ImportJob {
  return {
    id: job.id,
    status: job.status,
    fileName: job.fileName,
    fileSha256: job.fileSha256,
    totalBytes: job.totalBytes,
    bytesRead: job.bytesRead,
    progress: job.totalBytes > 0 ? Math.min(1, job.bytesRead / job.totalBytes) : 1,
    rowsRead: job.rowsRead,
    rowsImported: job.rowsImported,
    rowsUnchanged: job.rowsUnchanged,
    rowsFailed: job.rowsFailed,
    startedBy: job.startedBy,
    scopePath: job.scopePath ?? '',
    failure: job.failure ?? '',
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? '',
  };
}
