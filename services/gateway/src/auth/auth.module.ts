import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuditIdentityMiddleware } from '../audit/audit-identity.middleware.js';
import { AuditModule } from '../audit/audit.module.js';
import { HttpConventionsModule } from '../http/http-conventions.module.js';
import { IdempotencyMiddleware } from '../http/idempotency.middleware.js';
import { ApiClientRepository } from '../clients/api-client.repository.js';
import { ClientAuthenticator } from '../clients/client-authenticator.js';
import { RateLimitRepository } from '../clients/rate-limit.repository.js';
import { RateLimiter } from '../clients/rate-limiter.js';
import { AuthHttpController } from './auth.http.controller.js';
import { AuthMiddleware } from './auth.middleware.js';
import { AuthService } from './auth.service.js';
import { LoginThrottleRepository } from './login-throttle.repository.js';
import { PermissionGuard } from './permission.guard.js';
import { RefreshTokenRepository } from './refresh-token.repository.js';
import { SigningKeyRepository } from './signing-key.repository.js';
import { SigningKeysService } from './signing-keys.service.js';
import { TokenService } from './token.service.js';
import { UserRepository } from './user.repository.js';

@Module({
  // Their middleware needs the caller, so it is mounted here, after authentication, in one ordered chain:
  // Nest mounts modules' middleware by import depth, which any new import can reorder.
  imports: [AuditModule, HttpConventionsModule],
  controllers: [AuthHttpController],
  providers: [
    AuthService,
    TokenService,
    SigningKeysService,
    SigningKeyRepository,
    UserRepository,
    RefreshTokenRepository,
    LoginThrottleRepository,
    AuthMiddleware,
    ApiClientRepository,
    ClientAuthenticator,
    RateLimiter,
    RateLimitRepository,
    { provide: APP_GUARD, useClass: PermissionGuard },
  ],
  exports: [AuthService, TokenService, ApiClientRepository, ClientAuthenticator, RateLimiter],
})
export class AuthModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(AuthMiddleware, AuditIdentityMiddleware, IdempotencyMiddleware).forRoutes('*path');
  }
}
