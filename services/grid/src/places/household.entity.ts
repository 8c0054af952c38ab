import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A household (户) at an address, usually a flat in a building. */
@Entity({ name: 'households' })
export class HouseholdEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** The household number from the source register (户号): re-imports match on it. */
  @Index('UQ_households_number', { unique: true })
  @Column({ name: 'household_no', type: 'varchar', length: 40 })
  householdNo!: string;

  @Index('IDX_households_building')
  @Column({ name: 'building_id', type: 'uuid', nullable: true })
  buildingId!: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  entrance!: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  room!: string | null;

  @Column({ type: 'text' })
  address!: string;

  @Column({ name: 'grid_code', type: 'varchar', length: 40, nullable: true })
  gridCode!: string | null;

  @Index('IDX_households_path')
  @Column({ type: 'text', collation: 'C' })
  path!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
