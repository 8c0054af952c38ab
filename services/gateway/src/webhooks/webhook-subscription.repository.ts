import { Injectable } from '@nestjs/common';
import { entityColumns, execute, queryOne, queryRows, sql, type Row } from '@yiwang/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { WebhookSubscriptionEntity } from './webhook.entity.js';

/** What an owner may change (the secrets move only by rotation). */
const CHANGEABLE = [
  'url',
  'eventTypes',
  'filterDepartment',
  'filterCategories',
  'filterUnit',
  'active',
  'maxConcurrency',
  'timeoutMs',
  'description',
] as const satisfies readonly (keyof WebhookSubscriptionEntity)[];

export type SubscriptionChanges = Partial<Pick<Row<WebhookSubscriptionEntity>, (typeof CHANGEABLE)[number]>>;

export type Subscription = Row<WebhookSubscriptionEntity>;

/** The only code that touches webhook_subscriptions. Reads are by owner: nobody sees another's. */
@Injectable()
export class WebhookSubscriptionRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get subscriptions() {
    return entityColumns(this.dataSource, WebhookSubscriptionEntity);
  }

  /** Inserts every column given; `createdAt` and `updatedAt` take their defaults. */
  async insert(subscription: Omit<Subscription, 'createdAt' | 'updatedAt'>): Promise<void> {
    const s = this.subscriptions;
    await execute(this.dataSource, s.insert([subscription], s.props));
  }

  findOwned(owner: string, id: string): Promise<Subscription | null> {
    const s = this.subscriptions;
    return queryOne<Subscription>(
      this.dataSource,
      sql`SELECT ${s.select()} FROM ${s.table} WHERE id = ${id} AND owner_subject = ${owner}`,
    );
  }

  async listOwned(owner: string, after: string | null, limit: number): Promise<Subscription[]> {
    const s = this.subscriptions;
    return queryRows<Subscription>(
      this.dataSource,
      sql`SELECT ${s.select()} FROM ${s.table}
          WHERE owner_subject = ${owner} ${after ? sql`AND id > ${after}` : sql.empty}
          ORDER BY id LIMIT ${limit}`,
    );
  }

  async update(owner: string, id: string, changes: SubscriptionChanges): Promise<void> {
    await this.set(owner, id, changes, CHANGEABLE);
  }

  async rotateSecret(
    owner: string,
    id: string,
    secrets: Pick<Subscription, 'secretEnc' | 'previousSecretEnc' | 'previousSecretExpiresAt'>,
  ): Promise<void> {
    await this.set(owner, id, secrets, ['secretEnc', 'previousSecretEnc', 'previousSecretExpiresAt']);
  }

  /** Deletes the subscription with its delivery log. */
  async delete(owner: string, id: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const deleted = await execute(
        manager,
        sql`DELETE FROM ${this.subscriptions.table} WHERE id = ${id} AND owner_subject = ${owner}`,
      );
      if (!deleted) return false;
      await execute(
        manager,
        sql`DELETE FROM webhook_attempts
            WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE subscription_id = ${id})`,
      );
      await execute(manager, sql`DELETE FROM webhook_deliveries WHERE subscription_id = ${id}`);
      return true;
    });
  }

  /**
   * Active subscriptions to a subject (by name or its domain wildcard) whose owner, if a client, is not
   * revoked. Scope and filters are checked by the caller against the event.
   */
  candidates(manager: EntityManager, subject: string): Promise<Subscription[]> {
    const wildcard = `${subject.slice(0, subject.lastIndexOf('.'))}.*`;
    const s = this.subscriptions;
    return queryRows<Subscription>(
      manager,
      sql`SELECT ${s.select('s')} FROM ${s.table} s
          WHERE s.active AND (${subject} = ANY(s.event_types) OR ${wildcard} = ANY(s.event_types))
            AND (s.owner_client_id IS NULL OR EXISTS (
              SELECT 1 FROM api_clients c WHERE c.id = s.owner_client_id AND c.revoked_at IS NULL))`,
    );
  }

  /** Sets the given (defined) columns of an owned subscription and stamps `updatedAt`. */
  private async set(
    owner: string,
    id: string,
    values: Partial<Subscription>,
    props: readonly (keyof Subscription)[],
  ): Promise<void> {
    const s = this.subscriptions;
    await execute(
      this.dataSource,
      sql`UPDATE ${s.table}
          SET ${s.assign({ ...values, updatedAt: new Date() }, [...props, 'updatedAt'])}
          WHERE id = ${id} AND owner_subject = ${owner}`,
    );
  }
}
