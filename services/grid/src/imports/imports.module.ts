import { Module } from '@nestjs/common';
import { piiCipherProvider } from '../people/pii-cipher.provider.js';
import { ImportJobRepository } from './import-job.repository.js';
import { ImportJobsService } from './import-jobs.service.js';
import { ImportsGrpcController } from './imports.grpc.controller.js';
import { ResidentImportService } from './resident-import.service.js';

/** Bulk CSV import of households and residents: the pipeline, its jobs, and the gRPC ImportService. */
@Module({
  controllers: [ImportsGrpcController],
  providers: [piiCipherProvider, ImportJobRepository, ResidentImportService, ImportJobsService],
  exports: [ResidentImportService, ImportJobRepository],
})
export class ImportsModule {}
