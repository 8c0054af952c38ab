import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { subjects } from '@yiwang/contracts';
import { CONFIG, pathWithin, scopeOf, type Identity } from '@yiwang/platform';
import { pathOfUnit } from '../events/event-scope.js';
import type { GatewayConfig } from '../gateway.config.js';
import { WebhookDeliveryRepository, type DeliveryRow } from './webhook-delivery.repository.js';
import {
  WebhookSubscriptionRepository,
  type SubscriptionChanges,
} from './webhook-subscription.repository.js';
import { newWebhookSecret } from './webhook-signature.js';
import { targetProblem } from './webhook-target.js';
import type { DeliveryStatus, WebhookSubscriptionEntity } from './webhook.entity.js';
import { WebhookErrors } from './webhooks.errors.js';

/** Event types a subscription may name: every case subject, and the case wildcard. */
export const SUBSCRIBABLE = [...Object.values(subjects.case).map((s) => s.name), 'case.v1.*'];

export interface SubscriptionInput {
  url: string;
  eventTypes: string[];
  filter?: { department?: string | null; categories?: string[] | null; unit?: string | null };
  active?: boolean;
  maxConcurrency?: number;
  timeoutMs?: number;
  description?: string | null;
}

export type SubscriptionView = Omit<
  WebhookSubscriptionEntity,
  'secret' | 'filterDepartment' | 'filterCategories' | 'filterUnit'
> & {
  filter: { department: string | null; categories: string[] | null; unit: string | null };
};

/** Subscriptions are their owner's alone; filters may narrow the owner's scope, never widen it. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly subscriptions: WebhookSubscriptionRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  async create(owner: Identity, input: SubscriptionInput): Promise<SubscriptionView & { secret: string }> {
    this.validate(owner, input);
    const secret = newWebhookSecret();
    const id = randomUUID();
    await this.subscriptions.insert({
      id,
      ownerSubject: owner.subject,
      ownerScopePath: scopeOf(owner),
      ownerDepartment: owner.department,
      ownerClientId: owner.kind === 'client' ? owner.subject : null,
      url: input.url,
      eventTypes: [...new Set(input.eventTypes)],
      filterDepartment: input.filter?.department ?? null,
      filterCategories: input.filter?.categories ?? null,
      filterUnit: input.filter?.unit ?? null,
      secret,
      active: input.active ?? true,
      maxConcurrency: input.maxConcurrency ?? 4,
      timeoutMs: input.timeoutMs ?? this.config.WEBHOOK_TIMEOUT_MS,
      description: input.description ?? null,
    });
    return { ...(await this.get(owner, id)), secret };
  }

  async list(owner: Identity, after: string | null, limit: number): Promise<SubscriptionView[]> {
    return (await this.subscriptions.listOwned(owner.subject, after, limit)).map(view);
  }

  async get(owner: Identity, id: string): Promise<SubscriptionView> {
    return view(await this.owned(owner, id));
  }

  async update(owner: Identity, id: string, input: Partial<SubscriptionInput>): Promise<SubscriptionView> {
    const current = await this.owned(owner, id);
    const merged: SubscriptionInput = {
      url: input.url ?? current.url,
      eventTypes: input.eventTypes ?? current.eventTypes,
      filter: {
        department:
          input.filter?.department !== undefined ? input.filter.department : current.filterDepartment,
        categories:
          input.filter?.categories !== undefined ? input.filter.categories : current.filterCategories,
        unit: input.filter?.unit !== undefined ? input.filter.unit : current.filterUnit,
      },
    };
    this.validate(owner, merged);
    const changes: SubscriptionChanges = {
      url: merged.url,
      eventTypes: [...new Set(merged.eventTypes)],
      filterDepartment: merged.filter?.department ?? null,
      filterCategories: merged.filter?.categories ?? null,
      filterUnit: merged.filter?.unit ?? null,
    };
    if (input.active !== undefined) changes.active = input.active;
    if (input.maxConcurrency !== undefined) changes.maxConcurrency = input.maxConcurrency;
    if (input.timeoutMs !== undefined) changes.timeoutMs = input.timeoutMs;
    if (input.description !== undefined) changes.description = input.description;
    await this.subscriptions.update(owner.subject, id, changes);
    return this.get(owner, id);
  }

  async delete(owner: Identity, id: string): Promise<void> {
    if (!(await this.subscriptions.delete(owner.subject, id))) throw WebhookErrors.notFound(id);
  }

  async listDeliveries(
    owner: Identity,
    id: string,
    options: { status?: DeliveryStatus; before?: string; limit: number },
  ): Promise<DeliveryRow[]> {
    await this.owned(owner, id);
    return this.deliveries.list(id, options);
  }

  async getDelivery(owner: Identity, id: string, deliveryId: string) {
    await this.owned(owner, id);
    const delivery = await this.deliveries.get(id, deliveryId);
    if (!delivery) throw WebhookErrors.deliveryNotFound(deliveryId);
    return delivery;
  }

  async replay(owner: Identity, id: string, deliveryId: string) {
    await this.owned(owner, id);
    const outcome = await this.deliveries.replay(id, deliveryId);
    if (outcome === 'missing') throw WebhookErrors.deliveryNotFound(deliveryId);
    if (outcome === 'busy') throw WebhookErrors.notReplayable('pending or in-flight');
    return this.getDelivery(owner, id, deliveryId);
  }

  private async owned(owner: Identity, id: string): Promise<WebhookSubscriptionEntity> {
    const subscription = await this.subscriptions.findOwned(owner.subject, id);
    if (!subscription) throw WebhookErrors.notFound(id);
    return subscription;
  }

  private validate(owner: Identity, input: SubscriptionInput): void {
    const problem = targetProblem(input.url, this.config.WEBHOOK_ALLOW_PRIVATE_TARGETS);
    if (problem) throw WebhookErrors.invalid('body.url', problem);
    input.eventTypes.forEach((type, i) => {
      if (!SUBSCRIBABLE.includes(type))
        throw WebhookErrors.invalid(
          `body.eventTypes.${i}`,
          `unknown event type; one of ${SUBSCRIBABLE.join(', ')}`,
        );
    });
    const unit = input.filter?.unit;
    if (unit) {
      let path: string;
      try {
        path = pathOfUnit(unit);
      } catch {
        throw WebhookErrors.invalid('body.filter.unit', 'must be a division or grid code');
      }
      const ownerScope = scopeOf(owner);
      if (!pathWithin(path, ownerScope) && !pathWithin(ownerScope ?? '', path))
        throw WebhookErrors.outOfScope('body.filter.unit', 'outside your unit subtree');
    }
    const department = input.filter?.department;
    if (department && owner.department !== null && department !== owner.department)
      throw WebhookErrors.outOfScope('body.filter.department', 'not your department');
  }
}

function view(s: WebhookSubscriptionEntity): SubscriptionView {
  const { secret: _secret, filterDepartment, filterCategories, filterUnit, ...rest } = s;
  return {
    ...rest,
    filter: { department: filterDepartment, categories: filterCategories, unit: filterUnit },
  };
}
