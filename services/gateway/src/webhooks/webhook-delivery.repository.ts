import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { DeliveryStatus } from './webhook.entity.js';

export interface ClaimedDelivery {
  id: string;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  body: string;
  attempts: number;
  url: string;
  /** Encrypted (webhook-secrets.ts); the previous one only while its overlap lasts. */
  secretEnc: string;
  previousSecretEnc: string | null;
  timeoutMs: number;
}

export interface DeliveryRow {
  id: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastResponseStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  completedAt: Date | null;
}

export interface AttemptRow {
  startedAt: Date;
  latencyMs: number;
  responseStatus: number | null;
  error: string | null;
  outcome: 'succeeded' | 'failed';
}

const DUE = `((d.status = 'pending' AND d.next_attempt_at <= now())
  OR (d.status = 'in_flight' AND d.lease_until < now()))`;

const DELIVERY_COLUMNS = `id, event_id AS "eventId", event_type AS "eventType", status, attempts,
  next_attempt_at AS "nextAttemptAt", last_response_status AS "lastResponseStatus", last_error AS "lastError",
  created_at AS "createdAt", completed_at AS "completedAt"`;

/** The only code that touches webhook_deliveries and webhook_attempts. */
@Injectable()
export class WebhookDeliveryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Fan-out, in the consumer's transaction: one row per subscription, idempotent on the event id. */
  async enqueue(
    manager: EntityManager,
    subscriptionIds: string[],
    event: { id: string; type: string; body: string },
  ): Promise<number> {
    if (subscriptionIds.length === 0) return 0;
    const rows = await manager.query(
      `INSERT INTO webhook_deliveries (id, subscription_id, event_id, event_type, body, status, next_attempt_at)
       SELECT gen_random_uuid(), s, $2, $3, $4, 'pending', now() FROM unnest($1::uuid[]) AS s
       ON CONFLICT (subscription_id, event_id) DO NOTHING RETURNING id`,
      [subscriptionIds, event.id, event.type, event.body],
    );
    return rows.length;
  }

  /**
   * Claims due deliveries without exceeding any subscription's concurrency. Subscriptions are locked with
   * SKIP LOCKED, so replicas share the work and never wait on one another; a subscription whose receiver
   * is slow holds only its own slots. Each claim is leased: a crashed worker's deliveries come back.
   */
  async claim(limit: number, leaseSlackMs: number): Promise<ClaimedDelivery[]> {
    return this.dataSource.query(
      `WITH subs AS (
         SELECT s.id, s.max_concurrency, s.url, s.secret_enc, s.timeout_ms,
                CASE WHEN s.previous_secret_expires_at > now() THEN s.previous_secret_enc END AS previous_secret_enc
         FROM webhook_subscriptions s
         WHERE s.active AND EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.subscription_id = s.id AND ${DUE})
           AND (s.owner_client_id IS NULL OR EXISTS (
             SELECT 1 FROM api_clients c WHERE c.id = s.owner_client_id AND c.revoked_at IS NULL))
         ORDER BY s.updated_at
         LIMIT 200
         FOR UPDATE OF s SKIP LOCKED
       ), busy AS (
         SELECT d.subscription_id, count(*)::int AS n FROM webhook_deliveries d
         WHERE d.subscription_id IN (SELECT id FROM subs) AND d.status = 'in_flight' AND d.lease_until >= now()
         GROUP BY d.subscription_id
       ), ranked AS (
         SELECT d.id, d.subscription_id, d.next_attempt_at,
                row_number() OVER (PARTITION BY d.subscription_id ORDER BY d.next_attempt_at, d.created_at) AS rn
         FROM webhook_deliveries d WHERE d.subscription_id IN (SELECT id FROM subs) AND ${DUE}
       ), picked AS (
         SELECT r.id FROM ranked r JOIN subs s ON s.id = r.subscription_id
         LEFT JOIN busy b ON b.subscription_id = r.subscription_id
         WHERE r.rn <= s.max_concurrency - COALESCE(b.n, 0)
         ORDER BY r.rn, r.next_attempt_at
         LIMIT $1::int
       ), claimed AS (
         UPDATE webhook_deliveries d
         SET status = 'in_flight', attempts = d.attempts + 1,
             lease_until = now() + make_interval(secs => (s.timeout_ms + $2::int) / 1000.0)
         FROM subs s
         WHERE d.id IN (SELECT id FROM picked) AND s.id = d.subscription_id AND ${DUE}
         RETURNING d.id, d.subscription_id AS "subscriptionId", d.event_id AS "eventId",
                   d.event_type AS "eventType", d.body, d.attempts, s.url, s.secret_enc AS "secretEnc",
                   s.previous_secret_enc AS "previousSecretEnc", s.timeout_ms AS "timeoutMs"
       )
       SELECT * FROM claimed`,
      [limit, leaseSlackMs],
    );
  }

  /** Logs the attempt and moves the delivery on, if the claim is still ours. */
  async complete(
    delivery: ClaimedDelivery,
    attempt: Omit<AttemptRow, 'outcome'>,
    next: { status: 'succeeded' | 'dead' | 'pending'; retryInMs?: number },
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO webhook_attempts (id, delivery_id, started_at, latency_ms, response_status, error, outcome)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          randomUUID(),
          delivery.id,
          attempt.startedAt,
          attempt.latencyMs,
          attempt.responseStatus,
          attempt.error?.slice(0, 500) ?? null,
          next.status === 'succeeded' ? 'succeeded' : 'failed',
        ],
      );
      await manager.query(
        `UPDATE webhook_deliveries SET status = $3::varchar, lease_until = NULL,
           next_attempt_at = CASE WHEN $3::varchar = 'pending'
                                  THEN now() + make_interval(secs => $4::float8 / 1000) ELSE next_attempt_at END,
           completed_at = CASE WHEN $3::varchar = 'pending' THEN NULL ELSE now() END,
           last_response_status = $5::int, last_error = $6::varchar
         WHERE id = $1::uuid AND status = 'in_flight' AND attempts = $2::int`,
        [
          delivery.id,
          delivery.attempts,
          next.status,
          next.retryInMs ?? 0,
          attempt.responseStatus,
          attempt.error?.slice(0, 500) ?? null,
        ],
      );
    });
  }

  async list(
    subscriptionId: string,
    options: { status?: DeliveryStatus; before?: string; limit: number },
  ): Promise<DeliveryRow[]> {
    // Newest first; the cursor is the last row's id, compared by (created_at, id).
    return this.dataSource.query(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d
       WHERE subscription_id = $1 AND ($2::varchar IS NULL OR status = $2)
         AND ($3::uuid IS NULL OR (created_at, id) < (SELECT created_at, id FROM webhook_deliveries WHERE id = $3))
       ORDER BY created_at DESC, id DESC LIMIT $4`,
      [subscriptionId, options.status ?? null, options.before ?? null, options.limit],
    );
  }

  async get(
    subscriptionId: string,
    id: string,
  ): Promise<(DeliveryRow & { attemptLog: AttemptRow[] }) | null> {
    const [row]: DeliveryRow[] = await this.dataSource.query(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d WHERE subscription_id = $1 AND id = $2`,
      [subscriptionId, id],
    );
    if (!row) return null;
    const attemptLog: AttemptRow[] = await this.dataSource.query(
      `SELECT started_at AS "startedAt", latency_ms AS "latencyMs", response_status AS "responseStatus",
              error, outcome
       FROM webhook_attempts WHERE delivery_id = $1 ORDER BY started_at`,
      [id],
    );
    return { ...row, attemptLog };
  }

  /** Sends a finished (delivered or dead) delivery again, with a fresh count of attempts. */
  async replay(subscriptionId: string, id: string): Promise<'replayed' | 'busy' | 'missing'> {
    const rows: { status: string; replayed: boolean }[] = await this.dataSource.query(
      `WITH target AS (SELECT id, status FROM webhook_deliveries WHERE subscription_id = $1 AND id = $2 FOR UPDATE),
       upd AS (
         UPDATE webhook_deliveries d SET status = 'pending', attempts = 0, next_attempt_at = now(),
           completed_at = NULL, lease_until = NULL
         FROM target t WHERE d.id = t.id AND t.status IN ('succeeded', 'dead') RETURNING d.id)
       SELECT t.status, EXISTS (SELECT 1 FROM upd) AS replayed FROM target t`,
      [subscriptionId, id],
    );
    if (rows.length === 0) return 'missing';
    return rows[0].replayed ? 'replayed' : 'busy';
  }
}
