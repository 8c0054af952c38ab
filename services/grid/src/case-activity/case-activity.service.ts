import { Injectable } from '@nestjs/common';
import { subjects, unitPathOf, type PayloadOf } from '@yiwang/contracts';
import { OnEvent, logger, type EventContext } from '@yiwang/platform';
import { currentScope, pathInScope } from '../scope/data-scope.js';
import { UnitErrors } from '../units/units.errors.js';
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

  async get(unitCode: string): Promise<{ unitCode: string; casesReported: number; lastCaseAt: Date | null }> {
    // Outside the caller's subtree reads as unknown, like every other unit read.
    let path: string;
    try {
      path = unitPathOf(unitCode).join('.');
    } catch {
      throw UnitErrors.notFound(unitCode);
    }
    if (!pathInScope(currentScope(), path)) throw UnitErrors.notFound(unitCode);
    const found = await this.activity.find(unitCode);
    return found ?? { unitCode, casesReported: 0, lastCaseAt: null };
  }
}
