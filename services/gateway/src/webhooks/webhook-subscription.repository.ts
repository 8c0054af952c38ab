import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { WebhookSubscriptionEntity } from './webhook.entity.js';

export type SubscriptionChanges = Partial<
  Pick<
    WebhookSubscriptionEntity,
    | 'url'
    | 'eventTypes'
    | 'filterDepartment'
    | 'filterCategories'
    | 'filterUnit'
    | 'active'
    | 'maxConcurrency'
    | 'timeoutMs'
    | 'description'
  >
>;

/** The only code that touches webhook_subscriptions. Reads are by owner: nobody sees another's. */
@Injectable()
export class WebhookSubscriptionRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(WebhookSubscriptionEntity);
  }

  async insert(subscription: Omit<WebhookSubscriptionEntity, 'createdAt' | 'updatedAt'>): Promise<void> {
    await this.repo.insert(subscription);
  }

  findOwned(owner: string, id: string): Promise<WebhookSubscriptionEntity | null> {
    return this.repo.findOneBy({ id, ownerSubject: owner });
  }

  async listOwned(owner: string, after: string | null, limit: number): Promise<WebhookSubscriptionEntity[]> {
    const query = this.repo
      .createQueryBuilder('s')
      .where('s.owner_subject = :owner', { owner })
      .orderBy('s.id')
      .limit(limit);
    if (after) query.andWhere('s.id > :after', { after });
    return query.getMany();
  }

  async update(owner: string, id: string, changes: SubscriptionChanges): Promise<void> {
    await this.repo.update({ id, ownerSubject: owner }, { ...changes, updatedAt: new Date() });
  }

  async rotateSecret(
    owner: string,
    id: string,
    secrets: Pick<WebhookSubscriptionEntity, 'secretEnc' | 'previousSecretEnc' | 'previousSecretExpiresAt'>,
  ): Promise<void> {
    await this.repo.update({ id, ownerSubject: owner }, { ...secrets, updatedAt: new Date() });
  }

  /** Deletes the subscription with its delivery log. */
  async delete(owner: string, id: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const result = await manager.delete(WebhookSubscriptionEntity, { id, ownerSubject: owner });
      if (!result.affected) return false;
      await manager.query(
        `DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE subscription_id = $1)`,
        [id],
      );
      await manager.query(`DELETE FROM webhook_deliveries WHERE subscription_id = $1`, [id]);
      return true;
    });
  }

  /**
   * Active subscriptions to a subject (by name or its domain wildcard) whose owner, if a client, is not
   * revoked. Scope and filters are checked by the caller against the event.
   */
  candidates(manager: EntityManager, subject: string): Promise<WebhookSubscriptionEntity[]> {
    const wildcard = `${subject.slice(0, subject.lastIndexOf('.'))}.*`;
    return manager
      .getRepository(WebhookSubscriptionEntity)
      .createQueryBuilder('s')
      .where('s.active')
      .andWhere('(:subject = ANY(s.event_types) OR :wildcard = ANY(s.event_types))', { subject, wildcard })
      .andWhere(
        `(s.owner_client_id IS NULL OR EXISTS (
           SELECT 1 FROM api_clients c WHERE c.id = s.owner_client_id AND c.revoked_at IS NULL))`,
      )
      .getMany();
  }
}
