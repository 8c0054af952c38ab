import { Module } from '@nestjs/common';
import { DuplicateRepository } from '../duplicates/duplicate.repository.js';
import { DuplicateFinderService } from '../duplicates/duplicate-finder.service.js';
import { LifecycleModule } from '../lifecycle/lifecycle.module.js';
import { CaseIntakeGrpcController } from './case-intake.grpc.controller.js';
import { CaseIntakeService } from './case-intake.service.js';
import { CaseLocationService } from './case-location.service.js';
import { CaseRepository } from './case.repository.js';

/** Intake: a new case checked, located in the tree, stored with its first timeline row, duplicates flagged. */
@Module({
  imports: [LifecycleModule],
  controllers: [CaseIntakeGrpcController],
  providers: [
    CaseRepository,
    CaseIntakeService,
    CaseLocationService,
    DuplicateFinderService,
    DuplicateRepository,
  ],
  exports: [CaseIntakeService],
})
export class IntakeModule {}
