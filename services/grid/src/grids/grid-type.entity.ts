import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The four management types and their staffing standard (how many full- and part-time workers at least). */
@Entity({ name: 'grid_types' })
export class GridTypeEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  type!: string;

  @Column({ name: 'name_zh', type: 'text' })
  nameZh!: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn!: string;

  @Column({ name: 'min_full_time', type: 'int' })
  minFullTime!: number;

  @Column({ name: 'min_part_time', type: 'int' })
  minPartTime!: number;
}
