import { Injectable } from '@nestjs/common';
import { subjects, type PayloadOf } from '@yiwang/contracts';
import { OnEvent, logger, type EventContext } from '@yiwang/platform';
import { currentScope, pathInScope } from '../scope/data-scope.js';
import { UnitErrors } from '../units/units.errors.js';
import { levelOfCode, pathOfCode } from '../units/unit-levels.js';
import { UnitActivityRepository } from './unit-activity.repository.js';

@Injectable()
export class CaseActivityService {
  constructor(private readonly activity: UnitActivityRepository) {}

  /** Runs once per event in effect: the inbox row and the counters commit together. */
  @OnEvent(subjects.case.created, { durable: 'grid-case-activity' })
  async onCaseCreated(event: PayloadOf<typeof subjects.case.created>, context: EventContext): Promise<void> {
    await this.activity.recordCase(context.manager, event.unitPath, new Date(event.createdAt));
    logger().info(
      { caseId: event.caseId, unit: event.unitCode, msgId: context.msgId },
      'case activity recorded',
    );
  }

  /** A unit's case figures; a unit outside the caller's scope is not found (figures are scoped too). */
  async get(unitCode: string): Promise<{ unitCode: string; casesReported: number; lastCaseAt: Date | null }> {
    const scope = currentScope();
    const path = pathOfPlace(unitCode);
    if (!path) throw UnitErrors.invalidCode(unitCode.slice(0, 40));
    if (!pathInScope(scope, path)) throw UnitErrors.notFound(unitCode.slice(0, 40));
    const found = await this.activity.find(unitCode);
    return found ?? { unitCode, casesReported: 0, lastCaseAt: null };
  }
}

/**
 * The path of a division code, or of a grid code (`<community>-G03`, micro-grid `<community>-G03-W1`:
 * each under the one its code extends, as grids are drawn); null for anything else.
 */
function pathOfPlace(code: string): string | null {
  if (/^[0-9]+$/.test(code)) return levelOfCode(code) ? pathOfCode(code) : null;
  const grid = /^([0-9]{12})((?:-[A-Z0-9]{1,8}){1,2})$/.exec(code);
  if (!grid) return null;
  const segments = grid[2].slice(1).split('-');
  const codes = segments.map((_, i) => `${grid[1]}-${segments.slice(0, i + 1).join('-')}`);
  return [pathOfCode(grid[1]), ...codes].join('.');
}
