import { Injectable } from '@nestjs/common';
import { currentScope, pathInScope } from '../scope/data-scope.js';
import { UnitErrors } from '../units/units.errors.js';
import { UnitRepository } from '../units/unit.repository.js';
import { DepartmentRepository, type DepartmentRow } from './department.repository.js';

@Injectable()
export class DepartmentsService {
  constructor(
    private readonly departments: DepartmentRepository,
    private readonly units: UnitRepository,
  ) {}

  /**
   * The departments serving a unit (its own and its ancestors'), for routing a case. A caller may ask about
   * any unit inside its scope; departments above the scope are still listed, as they serve it.
   */
  async list(unitCode: string, category: string | null): Promise<DepartmentRow[]> {
    const scope = currentScope();
    const unit = await this.units.findUnscoped(unitCode);
    if (!unit || !pathInScope(scope, unit.path)) throw UnitErrors.notFound(unitCode);
    return this.departments.forUnit(unit.path, category);
  }
}
