import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A creating POST's outcome per caller, `Idempotency-Key` and route, with a hash of the request: a retry
 * with the same key gets the first response back; the same key with another body is refused.
 */
@Entity({ name: 'idempotency_keys' })
@Index('IDX_idempotency_keys_created', ['createdAt'])
export class IdempotencyKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  caller!: string;

  @PrimaryColumn({ name: 'idempotency_key', type: 'varchar', length: 255 })
  key!: string;

  @PrimaryColumn({ type: 'varchar', length: 500 })
  route!: string;

  @Column({ name: 'request_hash', type: 'char', length: 64 })
  requestHash!: string;

  /** Null while the first request is still being processed. */
  @Column({ type: 'int', nullable: true })
  status!: number | null;

  @Column({ name: 'content_type', type: 'varchar', length: 100, nullable: true })
  contentType!: string | null;

  @Column({ type: 'text', nullable: true })
  body!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
