import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Assessment counters per unit (department, street, community, grid) per local day of dispatch, kept up
 * from events; a period's figures are sums over its days.
 */
@Entity({ name: 'assessment_daily' })
@Index('IDX_assessment_daily_ranking', ['level', 'parentCode', 'day'])
export class AssessmentDailyEntity {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  level!: string;

  @PrimaryColumn({ name: 'unit_code', type: 'varchar', length: 40 })
  unitCode!: string;

  @PrimaryColumn({ type: 'date' })
  day!: string;

  @Column({ name: 'parent_code', type: 'varchar', length: 40, nullable: true })
  parentCode!: string | null;

  @Column({ type: 'int', default: 0 })
  dispatched!: number;

  @Column({ name: 'accepted_on_time', type: 'int', default: 0 })
  acceptedOnTime!: number;

  @Column({ type: 'int', default: 0 })
  due!: number;

  @Column({ type: 'int', default: 0 })
  resolved!: number;

  @Column({ name: 'resolved_on_time', type: 'int', default: 0 })
  resolvedOnTime!: number;

  @Column({ type: 'int', default: 0 })
  rated!: number;

  @Column({ type: 'int', default: 0 })
  satisfied!: number;

  @Column({ name: 'basically_satisfied', type: 'int', default: 0 })
  basicallySatisfied!: number;
}
