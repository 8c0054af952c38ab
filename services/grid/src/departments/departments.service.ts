import { Injectable } from '@nestjs/common';
import { GridErrors } from '../grids/grids.errors.js';
import { GridRepository } from '../grids/grid.repository.js';
import { currentScope, pathInScope } from '../scope/data-scope.js';
import { UnitErrors } from '../units/units.errors.js';
import { UnitRepository } from '../units/unit.repository.js';
import { DepartmentRepository, type DepartmentRow } from './department.repository.js';

@Injectable()
export class DepartmentsService {
  constructor(
    private readonly departments: DepartmentRepository,
    private readonly units: UnitRepository,
    private readonly grids: GridRepository,
  ) {}

  /**
   * The departments serving a unit (its own and its ancestors'), for routing a case. A caller may ask about
   * any unit inside its scope; departments above the scope are still listed, as they serve it.
   * A grid code stands for its place in the tree (grid → community → street → district), so a case
   * located to a grid is routed without the caller looking up the grid's community first.
   */
  async list(unitOrGridCode: string, category: string | null): Promise<DepartmentRow[]> {
    const scope = currentScope();
    if (isGridCode(unitOrGridCode)) {
      const grid = await this.grids.find(scope, unitOrGridCode, false);
      if (!grid) throw GridErrors.notFound(unitOrGridCode);
      return this.departments.forUnit(grid.path, category);
    }
    const unit = await this.units.findUnscoped(unitOrGridCode);
    if (!unit || !pathInScope(scope, unit.path)) throw UnitErrors.notFound(unitOrGridCode);
    return this.departments.forUnit(unit.path, category);
  }
}

/** Division codes are digits only; a grid code is its community's code with a suffix (`440106001002-G03`). */
function isGridCode(code: string): boolean {
  return code.includes('-');
}
