import { Injectable } from '@nestjs/common';
import { entityColumns, execute, queryRows, sql, type Row } from '@yiwang/platform';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  WebhookAttemptEntity,
  WebhookDeliveryEntity,
  WebhookSubscriptionEntity,
  type DeliveryStatus,
} from './webhook.entity.js';

const CLAIMED_DELIVERY = [
  'id',
  'subscriptionId',
  'eventId',
  'eventType',
  'body',
  'attempts',
] as const satisfies readonly (keyof WebhookDeliveryEntity)[];
const CLAIMED_SUBSCRIPTION = [
  'url',
  'secretEnc',
  'previousSecretEnc',
  'timeoutMs',
] as const satisfies readonly (keyof WebhookSubscriptionEntity)[];
const LISTED = [
  'id',
  'eventId',
  'eventType',
  'status',
  'attempts',
  'nextAttemptAt',
  'lastResponseStatus',
  'lastError',
  'createdAt',
  'completedAt',
] as const satisfies readonly (keyof WebhookDeliveryEntity)[];
const LOGGED = [
  'startedAt',
  'latencyMs',
  'responseStatus',
  'error',
  'outcome',
] as const satisfies readonly (keyof WebhookAttemptEntity)[];

/**
 * A claimed delivery with what posting it needs from its subscription. The secrets are encrypted
 * (webhook-secrets.ts); the previous one only while its overlap lasts.
 */
export type ClaimedDelivery = Pick<Row<WebhookDeliveryEntity>, (typeof CLAIMED_DELIVERY)[number]> &
  Pick<Row<WebhookSubscriptionEntity>, (typeof CLAIMED_SUBSCRIPTION)[number]>;
export type DeliveryRow = Pick<Row<WebhookDeliveryEntity>, (typeof LISTED)[number]>;
export type AttemptRow = Pick<Row<WebhookAttemptEntity>, (typeof LOGGED)[number]>;

const DUE = sql`((d.status = 'pending' AND d.next_attempt_at <= now())
  OR (d.status = 'in_flight' AND d.lease_until < now()))`;

/** The only code that touches webhook_deliveries and webhook_attempts. */
@Injectable()
export class WebhookDeliveryRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get deliveries() {
    return entityColumns(this.dataSource, WebhookDeliveryEntity);
  }

  private get attempts() {
    return entityColumns(this.dataSource, WebhookAttemptEntity);
  }

  /** Fan-out, in the consumer's transaction: one row per subscription, idempotent on the event id. */
  async enqueue(
    manager: EntityManager,
    subscriptionIds: string[],
    event: { id: string; type: string; body: string },
  ): Promise<number> {
    if (subscriptionIds.length === 0) return 0;
    const d = this.deliveries;
    const columns = d.names([
      'id',
      'subscriptionId',
      'eventId',
      'eventType',
      'body',
      'status',
      'nextAttemptAt',
    ]);
    const rows = await queryRows(
      manager,
      sql`INSERT INTO ${d.table} (${columns})
          SELECT gen_random_uuid(), s, ${event.id}, ${event.type}, ${event.body}, 'pending', now()
          FROM unnest(${subscriptionIds}::uuid[]) AS s
          ON CONFLICT (${d.names(['subscriptionId', 'eventId'])}) DO NOTHING RETURNING id`,
    );
    return rows.length;
  }

  /**
   * Claims due deliveries without exceeding any subscription's concurrency. Subscriptions are locked with
   * SKIP LOCKED, so replicas share the work and never wait on one another; a subscription whose receiver
   * is slow holds only its own slots. Each claim is leased: a crashed worker's deliveries come back.
   */
  async claim(limit: number, leaseSlackMs: number): Promise<ClaimedDelivery[]> {
    const d = this.deliveries;
    const s = entityColumns(this.dataSource, WebhookSubscriptionEntity);
    return queryRows<ClaimedDelivery>(
      this.dataSource,
      sql`WITH subs AS (
            SELECT s.id, s.max_concurrency, s.url, s.secret_enc, s.timeout_ms,
                   CASE WHEN s.previous_secret_expires_at > now() THEN s.previous_secret_enc END
                     AS previous_secret_enc
            FROM ${s.table} s
            WHERE s.active
              AND EXISTS (SELECT 1 FROM ${d.table} d WHERE d.subscription_id = s.id AND ${DUE})
              AND (s.owner_client_id IS NULL OR EXISTS (
                SELECT 1 FROM api_clients c WHERE c.id = s.owner_client_id AND c.revoked_at IS NULL))
            ORDER BY s.updated_at
            LIMIT 200
            FOR UPDATE OF s SKIP LOCKED
          ), busy AS (
            SELECT d.subscription_id, count(*)::int AS n FROM ${d.table} d
            WHERE d.subscription_id IN (SELECT id FROM subs) AND d.status = 'in_flight' AND d.lease_until >= now()
            GROUP BY d.subscription_id
          ), ranked AS (
            SELECT d.id, d.subscription_id, d.next_attempt_at,
                   row_number() OVER (PARTITION BY d.subscription_id ORDER BY d.next_attempt_at, d.created_at) AS rn
            FROM ${d.table} d WHERE d.subscription_id IN (SELECT id FROM subs) AND ${DUE}
          ), picked AS (
            SELECT r.id FROM ranked r JOIN subs s ON s.id = r.subscription_id
            LEFT JOIN busy b ON b.subscription_id = r.subscription_id
            WHERE r.rn <= s.max_concurrency - COALESCE(b.n, 0)
            ORDER BY r.rn, r.next_attempt_at
            LIMIT ${limit}::int
          )
          UPDATE ${d.table} d
          SET status = 'in_flight', attempts = d.attempts + 1,
              lease_until = now() + make_interval(secs => (s.timeout_ms + ${leaseSlackMs}::int) / 1000.0)
          FROM subs s
          WHERE d.id IN (SELECT id FROM picked) AND s.id = d.subscription_id AND ${DUE}
          RETURNING ${d.select('d', CLAIMED_DELIVERY)}, ${s.select('s', CLAIMED_SUBSCRIPTION)}`,
    );
  }

  /** Logs the attempt and moves the delivery on, if the claim is still ours. */
  async complete(
    delivery: ClaimedDelivery,
    attempt: Omit<AttemptRow, 'outcome'>,
    next: { status: 'succeeded' | 'dead' | 'pending'; retryInMs?: number },
  ): Promise<void> {
    const error = attempt.error?.slice(0, 500) ?? null;
    const retrying = next.status === 'pending';
    await this.dataSource.transaction(async (manager) => {
      await execute(
        manager,
        this.attempts.insert(
          [
            {
              ...attempt,
              id: randomUUID(),
              deliveryId: delivery.id,
              error,
              outcome: next.status === 'succeeded' ? 'succeeded' : 'failed',
            },
          ],
          ['id', 'deliveryId', 'startedAt', 'latencyMs', 'responseStatus', 'error', 'outcome'],
        ),
      );
      await execute(
        manager,
        sql`UPDATE ${this.deliveries.table} SET status = ${next.status}::varchar, lease_until = NULL,
              next_attempt_at = ${
                retrying
                  ? sql`now() + make_interval(secs => ${next.retryInMs ?? 0}::float8 / 1000)`
                  : sql`next_attempt_at`
              },
              completed_at = ${retrying ? sql`NULL` : sql`now()`},
              last_response_status = ${attempt.responseStatus}::int, last_error = ${error}::varchar
            WHERE id = ${delivery.id}::uuid AND status = 'in_flight' AND attempts = ${delivery.attempts}::int`,
      );
    });
  }

  async list(
    subscriptionId: string,
    options: { status?: DeliveryStatus; before?: string; limit: number },
  ): Promise<DeliveryRow[]> {
    const d = this.deliveries;
    // Newest first; the cursor is the last row's id, compared by (created_at, id).
    return queryRows<DeliveryRow>(
      this.dataSource,
      sql`SELECT ${d.select(undefined, LISTED)} FROM ${d.table}
          WHERE subscription_id = ${subscriptionId}
            ${options.status ? sql`AND status = ${options.status}` : sql.empty}
            ${
              options.before
                ? sql`AND (created_at, id) < (SELECT created_at, id FROM ${d.table} WHERE id = ${options.before}::uuid)`
                : sql.empty
            }
          ORDER BY created_at DESC, id DESC LIMIT ${options.limit}`,
    );
  }

  async get(
    subscriptionId: string,
    id: string,
  ): Promise<(DeliveryRow & { attemptLog: AttemptRow[] }) | null> {
    const d = this.deliveries;
    const [row] = await queryRows<DeliveryRow>(
      this.dataSource,
      sql`SELECT ${d.select(undefined, LISTED)} FROM ${d.table}
          WHERE subscription_id = ${subscriptionId} AND id = ${id}`,
    );
    if (!row) return null;
    const a = this.attempts;
    const attemptLog = await queryRows<AttemptRow>(
      this.dataSource,
      sql`SELECT ${a.select(undefined, LOGGED)} FROM ${a.table} WHERE delivery_id = ${id} ORDER BY started_at`,
    );
    return { ...row, attemptLog };
  }

  /** Sends a finished (delivered or dead) delivery again, with a fresh count of attempts. */
  async replay(subscriptionId: string, id: string): Promise<'replayed' | 'busy' | 'missing'> {
    const d = this.deliveries;
    const rows = await queryRows<{ status: string; replayed: boolean }>(
      this.dataSource,
      sql`WITH target AS (
            SELECT id, status FROM ${d.table} WHERE subscription_id = ${subscriptionId} AND id = ${id} FOR UPDATE
          ), upd AS (
            UPDATE ${d.table} d SET status = 'pending', attempts = 0, next_attempt_at = now(),
              completed_at = NULL, lease_until = NULL
            FROM target t WHERE d.id = t.id AND t.status IN ('succeeded', 'dead') RETURNING d.id)
          SELECT t.status, EXISTS (SELECT 1 FROM upd) AS replayed FROM target t`,
    );
    if (rows.length === 0) return 'missing';
    return rows[0].replayed ? 'replayed' : 'busy';
  }
}
