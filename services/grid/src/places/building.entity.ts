import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A building (楼栋) with its location and number of entrances (单元). */
@Entity({ name: 'buildings' })
@Index('UQ_buildings_community_name', ['communityCode', 'name'], { unique: true })
export class BuildingEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'community_code', type: 'varchar', length: 12 })
  communityCode!: string;

  @Index('IDX_buildings_grid')
  @Column({ name: 'grid_code', type: 'varchar', length: 40, nullable: true })
  gridCode!: string | null;

  @Index('IDX_buildings_path')
  @Column({ type: 'text', collation: 'C' })
  path!: string;

  @Column({ type: 'double precision' })
  lat!: number;

  @Column({ type: 'double precision' })
  lng!: number;

  /** Entrances (单元) of the building. */
  @Column({ type: 'int', default: 1 })
  entrances!: number;

  @Column({ type: 'int', nullable: true })
  floors!: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
