import { Module } from '@nestjs/common';
import { CONFIG } from '@yiwang/platform';
import type { CaseConfig } from '../case.config.js';
import { ATTACHMENT_STORAGE, type AttachmentStorage } from './attachment-storage.js';
import { AttachmentRepository } from './attachment.repository.js';
import { AttachmentsGrpcController } from './attachments.grpc.controller.js';
import { AttachmentsService } from './attachments.service.js';
import { FilesystemStorage } from './filesystem.storage.js';
import { S3Storage } from './s3.storage.js';

/** The storage driver the configuration names: the filesystem by default, or an S3-compatible store. */
export function createStorage(config: CaseConfig): AttachmentStorage {
  if (config.ATTACHMENTS_DRIVER === 's3') {
    return new S3Storage({
      endpoint: config.S3_ENDPOINT!,
      bucket: config.S3_BUCKET!,
      region: config.S3_REGION,
      accessKeyId: config.S3_ACCESS_KEY_ID!,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY!,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
      prefix: config.S3_PREFIX,
    });
  }
  return new FilesystemStorage(config.ATTACHMENTS_DIR);
}

@Module({
  controllers: [AttachmentsGrpcController],
  providers: [
    AttachmentsService,
    AttachmentRepository,
    { provide: ATTACHMENT_STORAGE, useFactory: createStorage, inject: [CONFIG] },
  ],
})
export class AttachmentsModule {}
