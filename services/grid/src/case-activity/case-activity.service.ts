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
    if (!/^[0-9]+$/.test(unitCode) || !levelOfCode(unitCode))
      throw UnitErrors.invalidCode(unitCode.slice(0, 40));
    if (!pathInScope(scope, pathOfCode(unitCode))) throw UnitErrors.notFound(unitCode);
    const found = await this.activity.find(unitCode);
    return found ?? { unitCode, casesReported: 0, lastCaseAt: null };
  }
}
