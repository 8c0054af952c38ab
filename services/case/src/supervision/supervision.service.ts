import { Injectable } from '@nestjs/common';
import { subjects, type CaseTransitionPayload } from '@yiwang/contracts';
import { OnEvent, type EventContext } from '@yiwang/platform';
import { SupervisionRepository, type CardQuery, type CardRecord } from './supervision.repository.js';

const CARDS = ['notice', 'yellow', 'red'] as const;

/**
 * 督办 cards. Automatic yellow (warning) and red (overdue) cards are written by the deadline scheduler in
 * the same transaction as its event; manual ones come from `case.v1.supervised` (published by the
 * lifecycle when a supervisor supervises a case) and are kept here on the target's record.
 */
@Injectable()
export class SupervisionService {
  constructor(private readonly cards: SupervisionRepository) {}

  @OnEvent(subjects.case.supervised, { durable: 'case-clock-supervised' })
  async onSupervised(event: CaseTransitionPayload, context: EventContext): Promise<void> {
    const card = CARDS.find((c) => c === event.details.card) ?? 'notice';
    const target = typeof event.details.targetUnit === 'string' ? event.details.targetUnit : null;
    await this.cards.insert(context.manager, [
      {
        sourceKey: `manual:${event.caseId}:${event.seq}`,
        caseId: event.caseId,
        card,
        origin: 'manual',
        clock: null,
        targetUnit: target ?? (event.departmentCode ? null : event.unitCode),
        departmentCode: event.departmentCode,
        unitPath: event.unitPath,
        category: event.category,
        dueAt: null,
        issuedAt: new Date(event.occurredAt),
        issuedBy: event.actor.subject,
        reason: event.reason,
      },
    ]);
  }

  list(query: CardQuery): Promise<CardRecord[]> {
    return this.cards.find(query);
  }
}
