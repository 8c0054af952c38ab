import { Module, type DynamicModule } from '@nestjs/common';
import { AssessmentModule } from './assessment/assessment.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CasesModule } from './cases/cases.module.js';
import { DownstreamModule } from './downstream/downstream.module.js';
import type { GatewayConfig } from './gateway.config.js';
import { OpenApiModule } from './openapi/openapi.module.js';
import { RegistryModule } from './registry/registry.module.js';

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DownstreamModule.forRoot(config),
        AuthModule,
        CasesModule,
        RegistryModule,
        OpenApiModule,
        AssessmentModule.forRoot(config),
      ],
    };
  }
}
