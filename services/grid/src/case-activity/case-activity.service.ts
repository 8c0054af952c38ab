import { Injectable } from '@nestjs/common';
import { subjects, type PayloadOf } from '@yiwang/contracts';
import { OnEvent, logger, type EventContext } from '@yiwang/platform';
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
    const found = await this.activity.find(unitCode);
    return found ?? { unitCode, casesReported: 0, lastCaseAt: null };
  }
}
