import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The timeline: one row per step of a case, with who acted, for which unit, when and why. */
@Entity({ name: 'case_transitions' })
@Index('UQ_case_transitions_seq', ['caseId', 'seq'], { unique: true })
export class CaseTransitionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ type: 'int' })
  seq!: number;

  @Column({ type: 'varchar', length: 40 })
  action!: string;

  /** The case.v1 event published with this step; null for timeline-only steps. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  event!: string | null;

  @Column({ name: 'from_state', type: 'varchar', length: 32, nullable: true })
  fromState!: string | null;

  @Column({ name: 'to_state', type: 'varchar', length: 32 })
  toState!: string;

  @Column({ name: 'actor_subject', type: 'varchar', length: 200 })
  actorSubject!: string;

  @Column({ name: 'actor_role', type: 'varchar', length: 64 })
  actorRole!: string;

  @Column({ name: 'actor_unit_code', type: 'varchar', length: 40, nullable: true })
  actorUnitCode!: string | null;

  @Column({ name: 'actor_department_code', type: 'varchar', length: 40, nullable: true })
  actorDepartmentCode!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  details!: Record<string, string | number | boolean | null | string[]>;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;
}
