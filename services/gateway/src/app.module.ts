import { Module, type DynamicModule } from '@nestjs/common';
import { AssessmentModule } from './assessment/assessment.module.js';
import { CalendarModule } from './calendar/calendar.module.js';
import { ResponsibilityModule } from './responsibility/responsibility.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CaseAttachmentsModule } from './case-attachments/case-attachments.module.js';
import { CasesModule } from './cases/cases.module.js';
import { ClientsModule } from './clients/clients.module.js';
import { DownstreamModule } from './downstream/downstream.module.js';
import type { GatewayConfig } from './gateway.config.js';
import { HttpConventionsModule } from './http/http-conventions.module.js';
import { OpenApiModule } from './openapi/openapi.module.js';
import { Open311Module } from './open311/open311.module.js';
import { RegistryModule } from './registry/registry.module.js';
import { StreamModule } from './stream/stream.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';
import { WebModule } from './web/web.module.js';

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DownstreamModule.forRoot(config),
        AuthModule,
        AuditModule,
        HttpConventionsModule,
        ClientsModule,
        CasesModule,
        RegistryModule,
        WebhooksModule,
        StreamModule,
        OpenApiModule,
        Open311Module,
        CaseAttachmentsModule,
        AssessmentModule,
        CalendarModule,
        ResponsibilityModule,
        WebModule,
      ],
    };
  }
}
