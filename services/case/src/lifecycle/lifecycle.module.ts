import { Module } from '@nestjs/common';
import { CaseSubtaskRepository } from '../joint/case-subtask.repository.js';
import { RoutingModule } from '../routing/routing.module.js';
import { CaseLifecycleGrpcController } from './case-lifecycle.grpc.controller.js';
import { CaseLifecycleRepository } from './case-lifecycle.repository.js';
import { CaseOverdueConsumer } from './case-overdue.consumer.js';
import { CaseTransitionService } from './case-transition.service.js';

/** The lifecycle: the state machine's actions (joint handling and merging included) and their timeline. */
@Module({
  imports: [RoutingModule],
  controllers: [CaseLifecycleGrpcController],
  providers: [CaseLifecycleRepository, CaseTransitionService, CaseOverdueConsumer, CaseSubtaskRepository],
  exports: [CaseTransitionService, CaseLifecycleRepository, CaseSubtaskRepository],
})
export class LifecycleModule {}
