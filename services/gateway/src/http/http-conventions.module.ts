import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { IdempotencyMiddleware } from './idempotency.middleware.js';
import { IdempotencyRepository } from './idempotency.repository.js';

/** Gateway-wide API conventions that need the caller: Idempotency-Key. Import after AuthModule. */
@Module({ providers: [IdempotencyRepository, IdempotencyMiddleware] })
export class HttpConventionsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(IdempotencyMiddleware).forRoutes('*path');
  }
}
