import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { Open311AuthMiddleware } from './open311.auth.middleware.js';
import { Open311HttpController } from './open311.http.controller.js';

@Module({ imports: [AuthModule], controllers: [Open311HttpController], providers: [Open311AuthMiddleware] })
export class Open311Module implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(Open311AuthMiddleware).forRoutes('open311/*path');
  }
}
