import { Injectable } from '@nestjs/common';
import { subjects, type PayloadOf } from '@yiwang/contracts';
import { OnEvent, logger, serviceIdentity, type EventContext } from '@yiwang/platform';
import { actorOf } from '../shared/case-actor.js';
import { CaseLifecycleRepository } from './case-lifecycle.repository.js';
import { CaseTransitionService } from './case-transition.service.js';

const OPEN = ['registered', 'dispatched', 'accepted', 'returned', 'in_progress'];

/**
 * case-clock reports deadlines passed. Every overdue marks the case (the `overdue` filter); a tier
 * deadline escalates the case one tier, once: only while the case is still at that tier.
 */
@Injectable()
export class CaseOverdueConsumer {
  constructor(
    private readonly transitions: CaseTransitionService,
    private readonly cases: CaseLifecycleRepository,
  ) {}

  @OnEvent(subjects.case.overdue, { durable: 'case-core-overdue' })
  async onOverdue(event: PayloadOf<typeof subjects.case.overdue>, context: EventContext): Promise<void> {
    // A co-handler's late sub-task is that department's (its card says so), not the case's own lateness.
    if (event.details.clock === 'subtask') return;
    const actor = actorOf(serviceIdentity('case'));
    await this.cases.markOverdue(context.manager, event.caseId, new Date(event.occurredAt));
    if (event.details.clock !== 'tier') return;
    const record = await this.cases.lockVisible(context.manager, actor, event.caseId);
    if (!record || !OPEN.includes(record.state) || record.tier !== event.details.tier) return;
    if (record.tier === 'district') return;
    await this.transitions.performIn(context.manager, actor, record.id, 'escalate', {
      reason: `tier deadline passed (${String(event.details.dueAt ?? '')})`,
    });
    logger().info({ caseId: record.id, fromTier: event.details.tier }, 'case escalated automatically');
  }
}
