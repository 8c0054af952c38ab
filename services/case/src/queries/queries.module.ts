import { Module } from '@nestjs/common';
import { LifecycleModule } from '../lifecycle/lifecycle.module.js';
import { RoutingModule } from '../routing/routing.module.js';
import { CaseQueryGrpcController } from './case-query.grpc.controller.js';
import { CaseCountsRepository } from './case-counts.repository.js';
import { CaseQueryRepository } from './case-query.repository.js';
import { CaseQueryService } from './case-query.service.js';

/** Reading cases: one case with its timeline, and the keyset-paged list in the caller's scope. */
@Module({
  imports: [LifecycleModule, RoutingModule],
  controllers: [CaseQueryGrpcController],
  providers: [CaseCountsRepository, CaseQueryRepository, CaseQueryService],
})
export class QueriesModule {}
