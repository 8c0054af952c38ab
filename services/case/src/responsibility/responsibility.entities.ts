import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** Levels the list names a responsible department kind for (the tiers a case is dispatched from). */
export const RESPONSIBILITY_LEVELS = ['district', 'street', 'community'] as const;
export type ResponsibilityLevel = (typeof RESPONSIBILITY_LEVELS)[number];

/** numeric ↔ number: PostgreSQL hands numeric back as text to keep precision; hours fit a double. */
const hoursColumn = { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/**
 * One version of the responsibility list (权责清单). Versions are never edited: a change is a new version,
 * and exactly one is active (the partial unique index). Who wrote and who activated it, when and why, stay.
 */
@Entity({ name: 'responsibility_versions' })
@Index('UQ_responsibility_versions_active', ['active'], { unique: true, where: '"active"' })
export class ResponsibilityVersionEntity {
  @PrimaryColumn({ type: 'int' })
  version!: number;

  @Column({ type: 'boolean', default: false })
  active!: boolean;

  /** The version it was edited from; null when written from scratch (version 1 from the catalogue). */
  @Column({ name: 'based_on', type: 'int', nullable: true })
  basedOn!: number | null;

  @Column({ type: 'varchar', length: 500 })
  reason!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 128 })
  createdBy!: string;

  @Column({ name: 'created_by_name', type: 'varchar', length: 200, nullable: true })
  createdByName!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'activated_by', type: 'varchar', length: 128, nullable: true })
  activatedBy!: string | null;

  @Column({ name: 'activated_by_name', type: 'varchar', length: 200, nullable: true })
  activatedByName!: string | null;

  @Column({ name: 'activated_at', type: 'timestamptz', nullable: true })
  activatedAt!: Date | null;

  /** Why it was last made active (the full history is in responsibility_activations). */
  @Column({ name: 'activation_reason', type: 'varchar', length: 500, nullable: true })
  activationReason!: string | null;
}

/**
 * Every activation of a version, never edited: the version row only keeps the last one, and a version can
 * be made active again after another replaced it.
 */
@Entity({ name: 'responsibility_activations' })
@Index('IDX_responsibility_activations_version', ['version'])
export class ResponsibilityActivationEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'varchar', length: 500 })
  reason!: string;

  @Column({ name: 'activated_by', type: 'varchar', length: 128 })
  activatedBy!: string;

  @Column({ name: 'activated_by_name', type: 'varchar', length: 200, nullable: true })
  activatedByName!: string | null;

  @Column({ name: 'activated_at', type: 'timestamptz', default: () => 'now()' })
  activatedAt!: Date;

  /** The version it replaced; null when none was active. */
  @Column({ name: 'previous_version', type: 'int', nullable: true })
  previousVersion!: number | null;
}

/** One line of a version: category × level → the department kind responsible, and its deadline. */
@Entity({ name: 'responsibility_entries' })
export class ResponsibilityEntryEntity {
  @PrimaryColumn({ type: 'int' })
  version!: number;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  category!: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  level!: ResponsibilityLevel;

  @Column({ name: 'department_kind', type: 'varchar', length: 40 })
  departmentKind!: string;

  /** The completion deadline (限时办结) the list promises, in working hours. */
  @Column({
    name: 'deadline_working_hours',
    type: 'numeric',
    precision: 7,
    scale: 2,
    transformer: hoursColumn,
  })
  deadlineWorkingHours!: number;
}
