import { Inject, Module, type DynamicModule, type OnModuleDestroy } from '@nestjs/common';
import { caseAssessmentV1, protoFiles } from '@yiwang/contracts';
import { GrpcClient } from '@yiwang/platform';
import type { GatewayConfig } from '../gateway.config.js';
import { ASSESSMENT_CLIENT, type AssessmentClient } from './assessment-client.js';
import { AssessmentHttpController } from './assessment.http.controller.js';

class AssessmentClientLifecycle implements OnModuleDestroy {
  constructor(@Inject(ASSESSMENT_CLIENT) private readonly client: AssessmentClient) {}

  onModuleDestroy(): void {
    this.client.close();
  }
}

/** Assessment (考核) and supervision cards, served by the case service's AssessmentService. */
@Module({})
export class AssessmentModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: AssessmentModule,
      controllers: [AssessmentHttpController],
      providers: [
        {
          provide: ASSESSMENT_CLIENT,
          useFactory: () =>
            new GrpcClient<caseAssessmentV1.AssessmentServiceClient>({
              protoFiles: protoFiles.case,
              service: 'yiwang.case.v1.AssessmentService',
              address: config.CASE_GRPC_ADDR,
              deadlineMs: config.GRPC_DEADLINE_MS,
            }),
        },
        AssessmentClientLifecycle,
      ],
    };
  }
}
