import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What replaced what when grids were split, merged or redrawn. */
@Entity({ name: 'grid_lineage' })
export class GridLineageEntity {
  @PrimaryColumn({ name: 'old_code', type: 'varchar', length: 40 })
  oldCode!: string;

  @PrimaryColumn({ name: 'new_code', type: 'varchar', length: 40 })
  newCode!: string;

  @Column({ type: 'varchar', length: 16 })
  change!: string;

  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt!: Date;

  @Column({ name: 'changed_by', type: 'text' })
  changedBy!: string;
}
