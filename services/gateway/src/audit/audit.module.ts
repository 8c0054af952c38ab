import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditIdentityMiddleware } from './audit-identity.middleware.js';
import { AuditWriter } from './audit-writer.service.js';
import { AuditHttpController } from './audit.http.controller.js';
import { AuditInterceptor } from './audit.interceptor.js';
import { AuditRepository } from './audit.repository.js';

/**
 * The audit log. The request-level recorder (audit.middleware.ts) is installed first in the express chain
 * by the service spec; this module's middleware must come after authentication (import it after AuthModule).
 */
@Module({
  controllers: [AuditHttpController],
  providers: [
    AuditRepository,
    AuditWriter,
    AuditIdentityMiddleware,
    { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
  ],
  exports: [AuditWriter, AuditRepository],
})
export class AuditModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(AuditIdentityMiddleware).forRoutes('*path');
  }
}
