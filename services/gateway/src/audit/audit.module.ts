import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditAnchorService } from './audit-anchor.service.js';
import { AuditIdentityMiddleware } from './audit-identity.middleware.js';
import { AuditQueryService } from './audit-query.service.js';
import { AuditWriter } from './audit-writer.service.js';
import { AuditHttpController } from './audit.http.controller.js';
import { AuditInterceptor } from './audit.interceptor.js';
import { AuditRepository } from './audit.repository.js';

/**
 * The audit log. The request-level recorder (audit.middleware.ts) is installed first in the express chain
 * by the service spec; this module's identity middleware is mounted by AuthModule, right after authentication.
 */
@Module({
  controllers: [AuditHttpController],
  providers: [
    AuditRepository,
    AuditQueryService,
    AuditWriter,
    AuditAnchorService,
    AuditIdentityMiddleware,
    { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
  ],
  exports: [AuditWriter, AuditRepository, AuditIdentityMiddleware],
})
export class AuditModule {}
