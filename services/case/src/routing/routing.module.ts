import { Module } from '@nestjs/common';
import { ResponsibilityModule } from '../responsibility/responsibility.module.js';
import { CaseDepartmentRepository } from './case-department.repository.js';
import { CaseRoutingService } from './case-routing.service.js';

/**
 * Which department handles a case: the responsibility list (权责清单), the catalogue and the projection of
 * the registry's departments.
 */
@Module({
  imports: [ResponsibilityModule],
  providers: [CaseDepartmentRepository, CaseRoutingService],
  exports: [CaseRoutingService],
})
export class RoutingModule {}
