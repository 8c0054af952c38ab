import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiClientRepository } from '../clients/api-client.repository.js';
import { ClientAuthenticator } from '../clients/client-authenticator.js';
import { RateLimiter } from '../clients/rate-limiter.js';
import { AuthHttpController } from './auth.http.controller.js';
import { AuthMiddleware } from './auth.middleware.js';
import { AuthService } from './auth.service.js';
import { LoginThrottleRepository } from './login-throttle.repository.js';
import { PermissionGuard } from './permission.guard.js';
import { RefreshTokenRepository } from './refresh-token.repository.js';
import { SigningKeysService } from './signing-keys.service.js';
import { TokenService } from './token.service.js';
import { UserRepository } from './user.repository.js';

@Module({
  controllers: [AuthHttpController],
  providers: [
    AuthService,
    TokenService,
    SigningKeysService,
    UserRepository,
    RefreshTokenRepository,
    LoginThrottleRepository,
    AuthMiddleware,
    ApiClientRepository,
    ClientAuthenticator,
    RateLimiter,
    { provide: APP_GUARD, useClass: PermissionGuard },
  ],
  exports: [AuthService, TokenService, ApiClientRepository, ClientAuthenticator, RateLimiter],
})
export class AuthModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(AuthMiddleware).forRoutes('*path');
  }
}
