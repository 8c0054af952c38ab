import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { CaseAttachmentsModule } from '../case-attachments/case-attachments.module.js';
import { Open311DiscoveryController } from './open311.discovery.controller.js';
import { Open311AuthMiddleware } from './open311.auth.middleware.js';
import { Open311HttpController } from './open311.http.controller.js';
import { Open311Service } from './open311.service.js';

@Module({
  imports: [AuthModule, CaseAttachmentsModule],
  controllers: [Open311HttpController, Open311DiscoveryController],
  providers: [Open311AuthMiddleware, Open311Service],
})
export class Open311Module implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(Open311AuthMiddleware).forRoutes('open311/*path');
  }
}
