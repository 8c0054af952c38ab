import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Case activity (事) per unit, kept from case events for the registry's unit figures. */
@Entity({ name: 'unit_activity' })
export class UnitActivityEntity {
  @PrimaryColumn({ name: 'unit_code', type: 'varchar', length: 40 })
  unitCode!: string;

  @Column({
    name: 'cases_reported',
    type: 'bigint',
    default: 0,
    transformer: { to: (v: number) => v, from: (v: string) => Number(v) },
  })
  casesReported!: number;

  @Column({ name: 'last_case_at', type: 'timestamptz', nullable: true })
  lastCaseAt!: Date | null;
}
