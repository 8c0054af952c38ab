import { Injectable } from '@nestjs/common';
import { subjects, type CaseTransitionPayload } from '@yiwang/contracts';
import { OnEvent, type EventContext } from '@yiwang/platform';
import { CaseTrackService } from './case-track.service.js';

type Transition = CaseTransitionPayload;

/**
 * The case's own transition events drive its clocks and scores. JetStream 2.9 allows one subject per
 * consumer, so each subject has its durable consumer; all feed the same order-tolerant refold. `overdue`
 * (published by this service's scheduler) comes back in so the assessment counts a case as due.
 */
@Injectable()
export class CaseEventsConsumer {
  constructor(private readonly tracks: CaseTrackService) {}

  @OnEvent(subjects.case.registered, { durable: 'case-clock-registered' })
  onRegistered(event: Transition, context: EventContext): Promise<void> {
    return this.tracks.ingest(context.manager, 'registered', event);
  }

  @OnEvent(subjects.case.dispatched, { durable: 'case-clock-dispatched' })
  onDispatched(event: Transition, context: EventContext): Promise<void> {
    return this.tracks.ingest(context.manager, 'dispatched', event);
  }

  /** 吹哨报到: the lead's clocks start as on a dispatch, and each co-handler's sub-task gets its own. */
  @OnEvent(subjects.case.summoned, { durable: 'case-clock-summoned' })
  onSummoned(event: Transition, context: EventContext): Promise<void> {
    return this.tracks.ingest(context.manager, 'summoned', event);
  }

  @OnEvent(subjects.case.subtaskCompleted, { durable: 'case-clock-subtask-completed' })
  onSubtaskCompleted(event: Transition, context: EventContext): Promise<void> {
    return this.tracks.ingest(context.manager, 'subtask-completed', event);
  }

  @OnEvent(subjects.case.accepted, { durable: 'case-clock-accepted' })
  onAccepted(event: Transition, context: EventContext): Promise<void> {
    return this.tracks.ingest(context.manager, 'accepted', event);
  }

  @OnEvent(subjects.case.returned, { durable: 'case-clock-returned' })
  onReturned(event: Transition, context: EventContext): Promise<void> {
    return this.tracks.ingest(context.manager, 'returned', event);
  }

  @OnEvent(subjects.case.started, { durable: 'case-clock-started' })
  onStarted(event: Transition, context: EventContext): Promise<void> {
    return this.tracks.ingest(context.manager, 'started', event);
  }

  @OnEvent(subjects.case.suspended, { durable: 'case-clock-suspended' })
  onSuspended(event: Transition, context: EventContext): Promise<void> {
    return this.tracks.ingest(context.manager, 'suspended', event);
  }

  @OnEvent(subjects.case.resumed, { durable: 'case-clock-resumed' })
  onResumed(event: Transition, context: EventContext): Promise<void> {
    return this.tracks.ingest(context.manager, 'resumed', event);
  }

  @OnEvent(subjects.case.extended, { durable: 'case-clock-extended' })
  onExtended(event: Transition, context: EventContext): Promise<void> {
    return this.tracks.ingest(context.manager, 'extended', event);
  }

  @OnEvent(subjects.case.escalated, { durable: 'case-clock-escalated' })
  onEscalated(event: Transition, context: EventContext): Promise<void> {
    return this.tracks.ingest(context.manager, 'escalated', event);
  }

  @OnEvent(subjects.case.resolved, { durable: 'case-clock-resolved' })
  onResolved(event: Transition, context: EventContext): Promise<void> {
    return this.tracks.ingest(context.manager, 'resolved', event);
  }

  @OnEvent(subjects.case.rated, { durable: 'case-clock-rated' })
  onRated(event: Transition, context: EventContext): Promise<void> {
    return this.tracks.ingest(context.manager, 'rated', event);
  }

  @OnEvent(subjects.case.reopened, { durable: 'case-clock-reopened' })
  onReopened(event: Transition, context: EventContext): Promise<void> {
    return this.tracks.ingest(context.manager, 'reopened', event);
  }

  @OnEvent(subjects.case.closed, { durable: 'case-clock-closed' })
  onClosed(event: Transition, context: EventContext): Promise<void> {
    return this.tracks.ingest(context.manager, 'closed', event);
  }

  @OnEvent(subjects.case.merged, { durable: 'case-clock-merged' })
  onMerged(event: Transition, context: EventContext): Promise<void> {
    return this.tracks.ingest(context.manager, 'merged', event);
  }

  @OnEvent(subjects.case.overdue, { durable: 'case-clock-overdue' })
  onOverdue(event: Transition, context: EventContext): Promise<void> {
    return this.tracks.ingest(context.manager, 'overdue', event);
  }
}
