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
import { WebhookSecrets } from './webhook-secrets.js';
import { newWebhookSecret } from './webhook-signature.js';
import { TargetPolicy } from './webhook-target.js';
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
  'secretEnc' | 'previousSecretEnc' | 'filterDepartment' | 'filterCategories' | 'filterUnit'
> & {
  filter: { department: string | null; categories: string[] | null; unit: string | null };
};

/** Subscriptions are their owner's alone; filters may narrow the owner's scope, never widen it. */
@Injectable()
export class WebhooksService {
  private readonly targets: TargetPolicy;

  constructor(
    private readonly subscriptions: WebhookSubscriptionRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly secrets: WebhookSecrets,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {
    this.targets = new TargetPolicy(config.WEBHOOK_ALLOWED_HOSTS);
  }

  async create(owner: Identity, input: SubscriptionInput): Promise<SubscriptionView & { secret: string }> {
    await this.validate(owner, input);
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
      secretEnc: this.secrets.seal(id, secret),
      previousSecretEnc: null,
      previousSecretExpiresAt: null,
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
    await this.validate(owner, merged);
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

  /**
   * A new signing secret, shown once. The current one becomes the previous: deliveries carry both
   * signatures until `overlapSeconds` have passed (0: the old one stops now), so receivers can switch over.
   */
  async rotateSecret(
    owner: Identity,
    id: string,
    overlapSeconds = this.config.WEBHOOK_SECRET_OVERLAP_SECONDS,
  ): Promise<{ subscription: SubscriptionView; secret: string; previousSecretExpiresAt: Date | null }> {
    const current = await this.owned(owner, id);
    const secret = newWebhookSecret();
    const expiresAt = overlapSeconds > 0 ? new Date(Date.now() + overlapSeconds * 1000) : null;
    await this.subscriptions.rotateSecret(owner.subject, id, {
      secretEnc: this.secrets.seal(id, secret),
      previousSecretEnc: expiresAt ? current.secretEnc : null,
      previousSecretExpiresAt: expiresAt,
    });
    return { subscription: await this.get(owner, id), secret, previousSecretExpiresAt: expiresAt };
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

  private async validate(owner: Identity, input: SubscriptionInput): Promise<void> {
    // A name that does not resolve yet is accepted: every delivery resolves and checks it again.
    const target = await this.targets.resolve(input.url);
    if (!target.ok && !target.unresolved) throw WebhookErrors.invalid('body.url', target.problem);
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
  const {
    secretEnc: _secret,
    previousSecretEnc: _previous,
    previousSecretExpiresAt,
    filterDepartment,
    filterCategories,
    filterUnit,
    ...rest
  } = s;
  return {
    ...rest,
    // Past its expiry the previous secret signs nothing: the overlap is over.
    previousSecretExpiresAt:
      previousSecretExpiresAt && previousSecretExpiresAt > new Date() ? previousSecretExpiresAt : null,
    filter: { department: filterDepartment, categories: filterCategories, unit: filterUnit },
  };
}
