import type { AttributeAnswers } from '@yiwang/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export type CasePriority = 'normal' | 'urgent' | 'emergency';
export type CaseTier = 'grid' | 'community' | 'street' | 'district';

/** A request waiting for approval (挂起 / 延期 / 不合理诉求). */
export interface PendingRequest {
  kind: 'suspension' | 'extension' | 'unreasonable';
  reason: string;
  extendWorkingHours?: number;
  requestedBy: string;
  requestedAt: string;
}

@Entity({ name: 'cases' })
@Index('UQ_cases_idempotency', ['reportedBy', 'idempotencyKey'], {
  unique: true,
  where: '"idempotency_key" IS NOT NULL',
})
// A GIN index TypeORM cannot describe: the migration owns it.
@Index('IDX_cases_unit_path', { synchronize: false })
@Index('IDX_cases_state_created', ['state', 'createdAt'])
@Index('IDX_cases_category_created', ['category', 'createdAt'])
// Open311 token look-ups name the key without the reporter.
@Index('IDX_cases_idempotency_key', ['idempotencyKey'], { where: '"idempotency_key" IS NOT NULL' })
export class CaseEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  @Column({ type: 'varchar', length: 64 })
  category!: string;

  @Column({ type: 'varchar', length: 32 })
  channel!: string;

  @Column({ type: 'varchar', length: 32 })
  state!: string;

  @Column({ name: 'unit_code', type: 'varchar', length: 40 })
  unitCode!: string;

  @Column({ name: 'unit_path', type: 'text', array: true })
  unitPath!: string[];

  /** The street address as the reporter gave it (Open311 address_string). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  address!: string | null;

  /** Answers to the category's extra questions (catalogue CATEGORY_ATTRIBUTES), code → answer. */
  @Column({ type: 'jsonb', nullable: true })
  attributes!: AttributeAnswers | null;

  @Column({ type: 'double precision', nullable: true })
  lat!: number | null;

  @Column({ type: 'double precision', nullable: true })
  lng!: number | null;

  @Column({ name: 'reported_by', type: 'varchar', length: 200 })
  reportedBy!: string;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 200, nullable: true })
  idempotencyKey!: string | null;

  @Index('IDX_cases_created_at')
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'varchar', length: 16, default: 'normal' })
  priority!: CasePriority;

  /** Optimistic concurrency: bumped by every transition (the HTTP ETag). */
  @Column({ type: 'int', default: 1 })
  version!: number;

  /** The last timeline sequence number (1 = the report). */
  @Column({ type: 'int', default: 1 })
  seq!: number;

  @Column({ type: 'varchar', length: 16, default: 'grid' })
  tier!: CaseTier;

  @Index('IDX_cases_department')
  @Column({ name: 'department_code', type: 'varchar', length: 40, nullable: true })
  departmentCode!: string | null;

  /** The responsibility-list version the case was routed under (department code @ its version). */
  @Column({ name: 'routing_version', type: 'varchar', length: 80, nullable: true })
  routingVersion!: string | null;

  /** The 权责清单 version the case was first routed under; it keeps it when a newer one is activated. */
  @Column({ name: 'responsibility_version', type: 'int', nullable: true })
  responsibilityVersion!: number | null;

  @Column({ name: 'pending_request', type: 'jsonb', nullable: true })
  pendingRequest!: PendingRequest | null;

  @Column({ name: 'return_count', type: 'int', default: 0 })
  returnCount!: number;

  @Column({ name: 'reopen_count', type: 'int', default: 0 })
  reopenCount!: number;

  /** The department whose return is awaiting arbitration. */
  @Column({ name: 'returned_by', type: 'varchar', length: 40, nullable: true })
  returnedBy!: string | null;

  @Column({ name: 'suspended_from', type: 'varchar', length: 32, nullable: true })
  suspendedFrom!: string | null;

  @Column({ type: 'text', nullable: true })
  result!: string | null;

  @Column({ name: 'evidence_ids', type: 'text', array: true, default: () => "'{}'" })
  evidenceIds!: string[];

  @Column({ type: 'varchar', length: 32, nullable: true })
  rating!: string | null;

  @Column({ name: 'close_reason', type: 'varchar', length: 16, nullable: true })
  closeReason!: string | null;

  @Column({ type: 'boolean', default: false })
  unreasonable!: boolean;

  @Column({ name: 'merged_into', type: 'uuid', nullable: true })
  mergedInto!: string | null;

  /** Set when case-clock reports a deadline passed; cleared when the case is resolved or closed. */
  @Column({ name: 'overdue_at', type: 'timestamptz', nullable: true })
  overdueAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
