import { Module } from '@nestjs/common';
import { DuplicateFinderService } from './duplicates/duplicate-finder.service.js';
import { CaseIntakeService } from './intake/case-intake.service.js';
import { CaseLocationService } from './intake/case-location.service.js';
import { CaseRepository } from './intake/case.repository.js';
import { CaseSubtaskRepository } from './joint/case-subtask.repository.js';
import { CaseLifecycleRepository } from './lifecycle/case-lifecycle.repository.js';
import { CaseOverdueConsumer } from './lifecycle/case-overdue.consumer.js';
import { CaseTransitionService } from './lifecycle/case-transition.service.js';
import { CaseGrpcController } from './queries/case.grpc.controller.js';
import { CaseQueryRepository } from './queries/case-query.repository.js';
import { CaseQueryService } from './queries/case-query.service.js';
import { CaseDepartmentRepository } from './routing/case-department.repository.js';
import { CaseRoutingService } from './routing/case-routing.service.js';
import { RegistryClientsModule } from './registry/registry-clients.module.js';

/** Intake, the lifecycle, routing, joint handling, duplicates and queries: the case service's core. */
@Module({
  imports: [RegistryClientsModule],
  controllers: [CaseGrpcController],
  providers: [
    CaseRepository,
    CaseIntakeService,
    CaseLocationService,
    DuplicateFinderService,
    CaseLifecycleRepository,
    CaseTransitionService,
    CaseOverdueConsumer,
    CaseSubtaskRepository,
    CaseDepartmentRepository,
    CaseRoutingService,
    CaseQueryRepository,
    CaseQueryService,
  ],
  exports: [CaseTransitionService, CaseIntakeService, CaseLifecycleRepository],
})
export class CaseCoreModule {}
