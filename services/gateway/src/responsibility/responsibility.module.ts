import { Inject, Module, type DynamicModule, type OnModuleDestroy } from '@nestjs/common';
import { caseResponsibilityV1, protoFiles } from '@yiwang/contracts';
import { GrpcClient } from '@yiwang/platform';
import { UserRepository } from '../auth/user.repository.js';
import type { GatewayConfig } from '../gateway.config.js';
import { RESPONSIBILITY_CLIENT, type ResponsibilityClient } from './responsibility-client.js';
import { ResponsibilityHttpController } from './responsibility.http.controller.js';

class ResponsibilityClientLifecycle implements OnModuleDestroy {
  constructor(@Inject(RESPONSIBILITY_CLIENT) private readonly client: ResponsibilityClient) {}

  onModuleDestroy(): void {
    this.client.close();
  }
}

/** The responsibility list (权责清单), served by the case service's ResponsibilityService. */
@Module({})
export class ResponsibilityModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: ResponsibilityModule,
      controllers: [ResponsibilityHttpController],
      providers: [
        {
          provide: RESPONSIBILITY_CLIENT,
          useFactory: () =>
            new GrpcClient<caseResponsibilityV1.ResponsibilityServiceClient>({
              protoFiles: protoFiles.case,
              service: 'yiwang.case.v1.ResponsibilityService',
              address: config.CASE_GRPC_ADDR,
              deadlineMs: config.GRPC_DEADLINE_MS,
            }),
        },
        ResponsibilityClientLifecycle,
        UserRepository,
      ],
    };
  }
}
