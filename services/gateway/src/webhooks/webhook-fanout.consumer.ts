import { Injectable } from '@nestjs/common';
import { OnEvent, logger, pathWithin, type EventContext } from '@yiwang/platform';
import { caseEventsDefinition, envelope, parseCaseEvent, type CaseEvent } from '../events/case-events.js';
import { pathOfUnit, subjectMatches, visibleTo } from '../events/event-scope.js';
import { WebhookDeliveryRepository } from './webhook-delivery.repository.js';
import { WebhookDeliveryWorker } from './webhook-delivery.worker.js';
import { WebhookSubscriptionRepository } from './webhook-subscription.repository.js';
import type { WebhookSubscriptionEntity } from './webhook.entity.js';

/**
 * One durable consumer on every case event turns each event into one delivery row per matching
 * subscription, in the same transaction as the inbox record: a redelivered event adds nothing.
 */
@Injectable()
export class WebhookFanoutConsumer {
  constructor(
    private readonly subscriptions: WebhookSubscriptionRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly worker: WebhookDeliveryWorker,
  ) {}

  @OnEvent(caseEventsDefinition, { durable: 'gateway-webhook-fanout', concurrency: 4 })
  async onCaseEvent(payload: unknown, context: EventContext): Promise<void> {
    const event = parseCaseEvent(context.subject, payload);
    if (!event) return;
    const candidates = await this.subscriptions.candidates(context.manager, context.subject);
    const matching = candidates.filter((s) => matches(s, context.subject, event)).map((s) => s.id);
    const added = await this.deliveries.enqueue(context.manager, matching, {
      id: context.msgId,
      type: context.subject,
      body: envelope(context.msgId, context.subject, payload),
    });
    if (added > 0) {
      logger().debug({ event: context.msgId, subject: context.subject, added }, 'webhook deliveries queued');
      // The rows are visible once the consumer's transaction commits, a moment after this returns.
      this.worker.wakeSoon();
    }
  }
}

/** The owner's scope first (never beyond it), then the subscription's own filters. */
export function matches(s: WebhookSubscriptionEntity, subject: string, event: CaseEvent): boolean {
  if (!s.eventTypes.some((pattern) => subjectMatches(pattern, subject))) return false;
  if (!visibleTo({ scopePath: s.ownerScopePath, department: s.ownerDepartment }, event)) return false;
  if (s.filterDepartment !== null && event.departmentCode !== s.filterDepartment) return false;
  if (s.filterCategories !== null && !s.filterCategories.includes(String(event.category))) return false;
  if (s.filterUnit !== null && !pathWithin(event.unitPath.join('.'), pathOfUnit(s.filterUnit))) return false;
  return true;
}
