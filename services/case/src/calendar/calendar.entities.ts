import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AdjustedWorkday, HolidayRange } from './calendar-year.js';

/**
 * One version of a year's holiday arrangement, loaded by a city (versions 1, 2 …; version 0 is the
 * built-in one from `chinese-days` and is not stored). Versions are never changed: a correction is a new
 * version, and which version counts is the latest activation.
 */
@Entity({ name: 'calendar_versions' })
@Index('IDX_calendar_versions_digest', ['year', 'digest'])
export class CalendarVersionEntity {
  @PrimaryColumn({ type: 'smallint' })
  year!: number;

  @PrimaryColumn({ type: 'int' })
  version!: number;

  @Column({ type: 'jsonb' })
  holidays!: HolidayRange[];

  @Column({ type: 'jsonb' })
  workdays!: AdjustedWorkday[];

  /** The notice it transcribes (title, document number or address). */
  @Column({ type: 'varchar', length: 300, nullable: true })
  source!: string | null;

  /** SHA-256 of the days: the same arrangement loaded twice is one version. */
  @Column({ type: 'char', length: 64 })
  digest!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 200 })
  createdBy!: string;

  @Column({ name: 'created_by_name', type: 'varchar', length: 200, nullable: true })
  createdByName!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** Each time a version of a year was made the one that counts: append-only, the latest per year wins. */
@Entity({ name: 'calendar_activations' })
@Index('IDX_calendar_activations_year', ['year', 'generation'])
export class CalendarActivationEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'smallint' })
  year!: number;

  @Column({ type: 'int' })
  version!: number;

  @Column({ name: 'previous_version', type: 'int' })
  previousVersion!: number;

  /** The calendar's generation this activation created (see calendar_state). */
  @Index('UQ_calendar_activations_generation', { unique: true })
  @Column({ type: 'bigint' })
  generation!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'activated_by', type: 'varchar', length: 200 })
  activatedBy!: string;

  @Column({ name: 'activated_by_name', type: 'varchar', length: 200, nullable: true })
  activatedByName!: string | null;

  @Column({ name: 'activated_at', type: 'timestamptz' })
  activatedAt!: Date;
}

/**
 * One row: the generation of the national calendar, raised by every activation. Replicas compare it with
 * the one they loaded; each case's track row records the generation its clocks were computed with.
 */
@Entity({ name: 'calendar_state' })
@Check('CHK_calendar_state_single', '"id" = 1')
export class CalendarStateEntity {
  @PrimaryColumn({ type: 'smallint' })
  id!: number;

  @Column({ type: 'bigint', default: 0 })
  generation!: string;
}

/** Recomputing the running clocks that reach into a year whose calendar changed, in batches. */
@Entity({ name: 'calendar_recompute_jobs' })
@Index('IDX_calendar_recompute_jobs_open', ['createdAt'], { where: `"state" IN ('pending', 'running')` })
export class CalendarRecomputeJobEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'smallint' })
  year!: number;

  @Column({ type: 'bigint' })
  generation!: string;

  /** pending | running | done | failed | superseded */
  @Column({ type: 'varchar', length: 16 })
  state!: string;

  /** Cases with running or paused clocks in the year's window when the job started. */
  @Column({ type: 'int', default: 0 })
  total!: number;

  @Column({ type: 'int', default: 0 })
  done!: number;

  /** Cases whose due times moved. */
  @Column({ type: 'int', default: 0 })
  changed!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  /** Refreshed after each batch: a running job whose heartbeat is old was abandoned and is taken over. */
  @Column({ name: 'heartbeat_at', type: 'timestamptz', nullable: true })
  heartbeatAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;
}
