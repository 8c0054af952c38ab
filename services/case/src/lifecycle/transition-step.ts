import { randomUUID } from 'node:crypto';
import { subjects, type CaseState, type CaseTransitionPayload } from '@yiwang/contracts';
import type { OutboxWriter } from '@yiwang/platform';
import type { EntityManager } from 'typeorm';
import type { CaseEntity } from '../intake/case.entity.js';
import type { CaseActor } from '../shared/case-actor.js';
import type { CaseLifecycleRepository } from './case-lifecycle.repository.js';
import { CaseTransitionEntity } from './case-transition.entity.js';

export type CaseEventKey = Exclude<keyof typeof subjects.case, 'created' | 'attachmentDeleted'>;
export type EventDetails = CaseTransitionPayload['details'];

export interface StepInput {
  action: string;
  /** The case.v1 event to publish with the step; null for a timeline-only step. */
  event: CaseEventKey | null;
  to?: CaseState;
  reason?: string | null;
  details?: EventDetails;
}

/**
 * One action's writes inside its transaction: each `append` call appends a timeline row and publishes
 * the matching case.v1 event through the outbox, so the state change, its history and its event commit
 * together or not at all.
 */
export class TransitionStep {
  readonly steps: CaseTransitionEntity[] = [];

  constructor(
    readonly manager: EntityManager,
    readonly record: CaseEntity,
    readonly actor: CaseActor,
    private readonly outbox: OutboxWriter,
    private readonly repository: CaseLifecycleRepository,
  ) {}

  async append(input: StepInput): Promise<void> {
    const record = this.record;
    const previous = record.state as CaseState;
    if (input.to) record.state = input.to;
    record.seq += 1;
    const occurredAt = new Date();
    const details = input.details ?? {};
    const eventName = input.event ? subjects.case[input.event].name.replace(/^case\.v1\./, '') : null;
    const row = Object.assign(new CaseTransitionEntity(), {
      id: randomUUID(),
      caseId: record.id,
      seq: record.seq,
      action: input.action,
      event: eventName,
      fromState: previous,
      toState: record.state,
      actorSubject: this.actor.subject,
      actorRole: this.actor.role,
      actorUnitCode: this.actor.unitCode,
      actorDepartmentCode: this.actor.departmentCode,
      reason: input.reason ?? null,
      details,
      occurredAt,
    });
    await this.repository.insertTransition(this.manager, row);
    this.steps.push(row);
    if (!input.event) return;
    await this.outbox.publish(this.manager, subjects.case[input.event], {
      caseId: record.id,
      seq: record.seq,
      category: record.category,
      channel: record.channel,
      priority: record.priority,
      state: record.state as CaseState,
      previousState: previous,
      unitCode: record.unitCode,
      unitPath: record.unitPath,
      departmentCode: record.departmentCode,
      actor: {
        subject: this.actor.subject.slice(0, 128),
        role: this.actor.role.slice(0, 64),
        unitCode: this.actor.unitCode,
        departmentCode: this.actor.departmentCode,
      },
      reason: input.reason ?? null,
      details,
      occurredAt: occurredAt.toISOString(),
    });
  }
}
