import { Inject, Module, type OnModuleDestroy } from '@nestjs/common';
import { caseAttachmentsV1, protoFiles } from '@yiwang/contracts';
import { CONFIG, GrpcClient } from '@yiwang/platform';
import type { GatewayConfig } from '../gateway.config.js';
import { ATTACHMENTS_CLIENT, type AttachmentsClient } from './attachments-client.js';
import { CaseAttachmentsHttpController } from './case-attachments.http.controller.js';

class AttachmentsClientLifecycle implements OnModuleDestroy {
  constructor(@Inject(ATTACHMENTS_CLIENT) private readonly client: AttachmentsClient) {}

  onModuleDestroy(): void {
    this.client.close();
  }
}

@Module({
  controllers: [CaseAttachmentsHttpController],
  providers: [
    {
      provide: ATTACHMENTS_CLIENT,
      inject: [CONFIG],
      useFactory: (config: GatewayConfig) =>
        new GrpcClient<caseAttachmentsV1.CaseAttachmentServiceClient>({
          protoFiles: protoFiles.case,
          service: 'yiwang.case.v1.CaseAttachmentService',
          address: config.CASE_GRPC_ADDR,
          deadlineMs: config.GRPC_DEADLINE_MS,
        }),
    },
    AttachmentsClientLifecycle,
  ],
  // Open311 serves a case's public photo through the same client.
  exports: [ATTACHMENTS_CLIENT],
})
export class CaseAttachmentsModule {}
