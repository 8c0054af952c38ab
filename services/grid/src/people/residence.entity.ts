import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Where a resident lived, from when to when: moves between households and grids are kept. */
@Entity({ name: 'residences' })
@Index('IDX_residences_resident', ['residentId', 'validFrom'])
export class ResidenceEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'resident_id', type: 'uuid' })
  residentId!: string;

  @Column({ name: 'household_id', type: 'uuid', nullable: true })
  householdId!: string | null;

  @Column({ name: 'grid_code', type: 'varchar', length: 40, nullable: true })
  gridCode!: string | null;

  @Column({ type: 'text', collation: 'C' })
  path!: string;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom!: string;

  /** Exclusive; null while current. */
  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo!: string | null;
}
