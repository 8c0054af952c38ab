import { Module } from '@nestjs/common';
import { CaseActivityService } from './case-activity.service.js';
import { UnitActivityRepository } from './unit-activity.repository.js';

/** Case activity (事) per unit, kept from case events; served through the grids gRPC controller. */
@Module({
  providers: [CaseActivityService, UnitActivityRepository],
  exports: [CaseActivityService],
})
export class CaseActivityModule {}
