import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

/** A departmental system's (or an admin's) subscription to case events, bounded by its owner's scope. */
@Entity({ name: 'webhook_subscriptions' })
export class WebhookSubscriptionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Index('IDX_webhook_subscriptions_owner')
  @Column({ name: 'owner_subject', type: 'varchar', length: 128 })
  ownerSubject!: string;

  /** The owner's scope when the subscription was made: deliveries never go beyond it. */
  @Column({ name: 'owner_scope_path', type: 'varchar', length: 200, nullable: true })
  ownerScopePath!: string | null;

  @Column({ name: 'owner_department', type: 'varchar', length: 40, nullable: true })
  ownerDepartment!: string | null;

  /** Set for a client's subscription: it stops with the client. */
  @Column({ name: 'owner_client_id', type: 'uuid', nullable: true })
  ownerClientId!: string | null;

  @Column({ type: 'varchar', length: 2000 })
  url!: string;

  /** Subjects (`case.v1.dispatched`) or a domain wildcard (`case.v1.*`). */
  @Column({ name: 'event_types', type: 'text', array: true })
  eventTypes!: string[];

  @Column({ name: 'filter_department', type: 'varchar', length: 40, nullable: true })
  filterDepartment!: string | null;

  @Column({ name: 'filter_categories', type: 'text', array: true, nullable: true })
  filterCategories!: string[] | null;

  /** A unit code; its subtree. */
  @Column({ name: 'filter_unit', type: 'varchar', length: 40, nullable: true })
  filterUnit!: string | null;

  /** Signs deliveries (HMAC-SHA256). Encrypted (webhook-secrets.ts): signing needs it back, a dump must not. */
  @Column({ name: 'secret_enc', type: 'varchar', length: 300 })
  secretEnc!: string;

  /** The secret before the last rotation: deliveries carry its signature too until it expires. */
  @Column({ name: 'previous_secret_enc', type: 'varchar', length: 300, nullable: true })
  previousSecretEnc!: string | null;

  @Column({ name: 'previous_secret_expires_at', type: 'timestamptz', nullable: true })
  previousSecretExpiresAt!: Date | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ name: 'max_concurrency', type: 'int', default: 4 })
  maxConcurrency!: number;

  @Column({ name: 'timeout_ms', type: 'int', default: 5000 })
  timeoutMs!: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  description!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

export const DELIVERY_STATUSES = ['pending', 'in_flight', 'succeeded', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One event for one subscription. Fan-out is idempotent on (subscription, event). */
@Entity({ name: 'webhook_deliveries' })
@Unique('UQ_webhook_deliveries_event', ['subscriptionId', 'eventId'])
@Index('IDX_webhook_deliveries_ready', ['subscriptionId', 'status', 'nextAttemptAt'])
@Index('IDX_webhook_deliveries_due', ['status', 'nextAttemptAt'])
export class WebhookDeliveryEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'subscription_id', type: 'uuid' })
  subscriptionId!: string;

  /** The event's NATS message id (the case service's outbox row id). */
  @Column({ name: 'event_id', type: 'varchar', length: 200 })
  eventId!: string;

  @Column({ name: 'event_type', type: 'varchar', length: 120 })
  eventType!: string;

  /** The exact body that is signed and posted. */
  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: DeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz' })
  nextAttemptAt!: Date;

  /** While in flight: after this, a crashed worker's claim is taken over. */
  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil!: Date | null;

  @Column({ name: 'last_response_status', type: 'int', nullable: true })
  lastResponseStatus!: number | null;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;
}

/** Every attempt, kept: when, how long, what came back. */
@Entity({ name: 'webhook_attempts' })
@Index('IDX_webhook_attempts_delivery', ['deliveryId', 'startedAt'])
export class WebhookAttemptEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'delivery_id', type: 'uuid' })
  deliveryId!: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'latency_ms', type: 'int' })
  latencyMs!: number;

  @Column({ name: 'response_status', type: 'int', nullable: true })
  responseStatus!: number | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  error!: string | null;

  @Column({ type: 'varchar', length: 16 })
  outcome!: 'succeeded' | 'failed';
}
