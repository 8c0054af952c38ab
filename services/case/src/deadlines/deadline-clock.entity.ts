import { Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A case's sign-off, response, completion or tier clock. `next_fire_at` is the next warning or overdue
 * instant still to fire (null when none): the scheduler reads only the earliest rows of its partial index.
 * The transition fields the clock events need (category, unit path, department …) are kept here too.
 */
@Entity({ name: 'deadline_clocks' })
@Index('IDX_deadline_clocks_next_fire', ['nextFireAt'], { where: '"next_fire_at" IS NOT NULL' })
@Index('IDX_deadline_clocks_provisional', ['caseId'], { where: '"provisional"' })
export class DeadlineClockEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  /** sign_off, response, completion, tier, or `subtask:<department>` for a co-handler's sub-task. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  kind!: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  tier!: string | null;

  @Column({ type: 'varchar', length: 16 })
  state!: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ name: 'warn_at', type: 'timestamptz', nullable: true })
  warnAt!: Date | null;

  @Column({ name: 'paused_at', type: 'timestamptz', nullable: true })
  pausedAt!: Date | null;

  @Column({ name: 'stopped_at', type: 'timestamptz', nullable: true })
  stoppedAt!: Date | null;

  /** The due time the warning fired for (a moved due time warns again). */
  @Column({ name: 'warned_for', type: 'timestamptz', nullable: true })
  warnedFor!: Date | null;

  /** The due time the overdue event fired for. */
  @Column({ name: 'overdue_for', type: 'timestamptz', nullable: true })
  overdueFor!: Date | null;

  @Column({ name: 'next_fire_at', type: 'timestamptz', nullable: true })
  nextFireAt!: Date | null;

  /** Open, and reaching into a year without a holiday arrangement (see clock-fold.ts). */
  @Column({ type: 'boolean', default: false })
  provisional!: boolean;

  @Column({ type: 'varchar', length: 64 })
  category!: string;

  @Column({ type: 'varchar', length: 32 })
  channel!: string;

  @Column({ type: 'varchar', length: 16 })
  priority!: string;

  @Column({ name: 'case_state', type: 'varchar', length: 32 })
  caseState!: string;

  @Column({ name: 'unit_code', type: 'varchar', length: 40 })
  unitCode!: string;

  @Column({ name: 'unit_path', type: 'text', array: true })
  unitPath!: string[];

  @Column({ name: 'department_code', type: 'varchar', length: 40, nullable: true })
  departmentCode!: string | null;

  @Column({ name: 'last_seq', type: 'int' })
  lastSeq!: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
