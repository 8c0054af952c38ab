import { Module } from '@nestjs/common';
import { IdempotencyMiddleware } from './idempotency.middleware.js';
import { IdempotencyRepository } from './idempotency.repository.js';

/**
 * Gateway-wide API conventions that need the caller: Idempotency-Key. Its middleware is mounted by
 * AuthModule, right after authentication (see auth.module.ts).
 */
@Module({
  providers: [IdempotencyRepository, IdempotencyMiddleware],
  exports: [IdempotencyRepository, IdempotencyMiddleware],
})
export class HttpConventionsModule {}
