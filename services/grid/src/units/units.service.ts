import { Injectable } from '@nestjs/common';
import { currentScope } from '../scope/data-scope.js';
import { UnitErrors } from './units.errors.js';
import { UnitRepository, type UnitCounts, type UnitRow } from './unit.repository.js';
import { UnitFiguresRepository } from './unit-figures.repository.js';

const CODE = /^[0-9]{2,12}$/;

@Injectable()
export class UnitsService {
  constructor(
    private readonly units: UnitRepository,
    private readonly figures: UnitFiguresRepository,
  ) {}

  async get(code: string): Promise<{ unit: UnitRow; ancestors: UnitRow[]; counts: UnitCounts }> {
    if (!CODE.test(code)) throw UnitErrors.invalidCode(code);
    const scope = currentScope();
    const unit = await this.units.findByCode(scope, code);
    if (!unit) throw UnitErrors.notFound(code);
    const ancestorCodes = unit.path.split('.').slice(0, -1);
    const ancestors = await this.units.findManyUnscoped(ancestorCodes);
    const counts = {
      ...(await this.units.counts(unit.path, unit.code)),
      ...(await this.figures.counts(unit.path)),
    };
    return { unit, ancestors, counts };
  }

  async list(
    parentCode: string | null,
    after: string | null,
    limit = 100,
  ): Promise<{ units: UnitRow[]; next: string | null }> {
    if (parentCode && !CODE.test(parentCode)) throw UnitErrors.invalidCode(parentCode);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw UnitErrors.invalidLimit();
    const scope = currentScope();
    if (parentCode && !(await this.units.findByCode(scope, parentCode)))
      throw UnitErrors.notFound(parentCode);
    const units = await this.units.listChildren(scope, parentCode, after, limit + 1);
    const more = units.length > limit;
    const page = more ? units.slice(0, limit) : units;
    return { units: page, next: more ? page[page.length - 1].code : null };
  }
}
