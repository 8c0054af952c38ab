import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** One row per case the clocks follow: the per-case lock and the assessment contribution last applied. */
@Entity({ name: 'case_tracks' })
export class CaseTrackEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ name: 'last_seq', type: 'int' })
  lastSeq!: number;

  @Column({ type: 'jsonb', nullable: true })
  contribution!: unknown;

  /** The national calendar's generation the case's clocks were last computed with (calendar_state). */
  @Column({ name: 'calendar_generation', type: 'bigint', default: 0 })
  calendarGeneration!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** Every consumed case event, so clocks and scores are refolded in seq order whatever order events arrive in. */
@Entity({ name: 'case_track_events' })
export class CaseTrackEventEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  /** `<seq>:<event>[:<clock>]`: clock events reuse the seq they followed, so seq alone is not a key. */
  @PrimaryColumn({ name: 'event_key', type: 'varchar', length: 80 })
  eventKey!: string;

  @Column({ type: 'int' })
  seq!: number;

  @Column({ type: 'varchar', length: 32 })
  event!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'jsonb' })
  payload!: unknown;
}
