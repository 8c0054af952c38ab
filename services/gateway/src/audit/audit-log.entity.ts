import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The append-only, hash-chained audit log. Rows are only ever inserted (a trigger refuses UPDATE, DELETE
 * and TRUNCATE; see the migration); `hash` = SHA-256 over the canonical serialization of the row and
 * `prev_hash` (audit-record.ts).
 */
@Entity({ name: 'audit_log' })
@Index('IDX_audit_log_at', ['at'])
@Index('IDX_audit_log_subject', ['subject', 'seq'])
// Scope filter: the affected unit, or the actor's scope when the resource's unit is unknown.
@Index('IDX_audit_log_scope', { synchronize: false })
export class AuditLogEntity {
  /** Position in the chain, assigned under the chain-head lock: contiguous, starting at 1. */
  @PrimaryColumn({ type: 'bigint' })
  seq!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'varchar', length: 200, nullable: true })
  subject!: string | null;

  @Column({ type: 'text', array: true })
  roles!: string[];

  @Column({ name: 'client_id', type: 'varchar', length: 200, nullable: true })
  clientId!: string | null;

  @Column({ name: 'actor_scope', type: 'varchar', length: 200, nullable: true })
  actorScope!: string | null;

  @Column({ type: 'varchar', length: 10 })
  method!: string;

  @Column({ type: 'varchar', length: 500 })
  route!: string;

  @Column({ name: 'resource_ids', type: 'jsonb' })
  resourceIds!: Record<string, string>;

  @Column({ type: 'varchar', length: 200 })
  action!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  @Column({ name: 'user_agent', type: 'varchar', length: 500, nullable: true })
  userAgent!: string | null;

  @Column({ type: 'int' })
  status!: number;

  @Column({ name: 'error_code', type: 'varchar', length: 100, nullable: true })
  errorCode!: string | null;

  @Column({ name: 'unit_path', type: 'varchar', length: 200, nullable: true })
  unitPath!: string | null;

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash!: string;

  @Column({ type: 'char', length: 64 })
  hash!: string;
}

/** One row: the last link of the chain. Appends lock it, so every writer extends a single chain. */
@Entity({ name: 'audit_chain_head' })
export class AuditChainHeadEntity {
  @PrimaryColumn({ type: 'smallint' })
  id!: number;

  @Column({ type: 'bigint' })
  seq!: string;

  @Column({ type: 'char', length: 64 })
  hash!: string;
}
