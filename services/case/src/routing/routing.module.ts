import { Module } from '@nestjs/common';
import { CaseDepartmentRepository } from './case-department.repository.js';
import { CaseRoutingService } from './case-routing.service.js';

/** Which department handles a case: the catalogue and the projection of the registry's departments. */
@Module({
  providers: [CaseDepartmentRepository, CaseRoutingService],
  exports: [CaseRoutingService],
})
export class RoutingModule {}
