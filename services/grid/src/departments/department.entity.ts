import { Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A functional department (条): district departments and their street-level offices, each responsible for
 * case categories. The case service routes by this tree.
 */
@Entity({ name: 'departments' })
export class DepartmentEntity {
  /** e.g. `440106-cgj` (district urban management), `440106001-cgj` (its office in a street). */
  @PrimaryColumn({ type: 'varchar', length: 40 })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  /** urban_management, market_regulation, environment, police, housing, civil_affairs, petitions … */
  @Column({ type: 'varchar', length: 32 })
  kind!: string;

  @Column({ type: 'varchar', length: 16 })
  level!: string;

  /** The administrative unit it sits in (a district or a street). */
  @Index('IDX_departments_unit')
  @Column({ name: 'unit_code', type: 'varchar', length: 12 })
  unitCode!: string;

  @Column({ name: 'parent_code', type: 'varchar', length: 40, nullable: true })
  parentCode!: string | null;

  /** The unit's path: scope checks use it like any other row's. */
  @Index('IDX_departments_unit_path')
  @Column({ name: 'unit_path', type: 'text', collation: 'C' })
  unitPath!: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  categories!: string[];

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
