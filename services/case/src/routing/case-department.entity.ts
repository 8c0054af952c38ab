import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The registry's departments as the case service last heard of them (registry.v1.department-changed plus
 * a ListDepartments backfill): routing reads this, so it keeps working while the grid service is down.
 */
@Entity({ name: 'case_departments' })
export class CaseDepartmentEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  code!: string;

  @Column({ type: 'varchar', length: 200, default: '' })
  name!: string;

  @Column({ type: 'varchar', length: 40, default: '' })
  kind!: string;

  @Column({ type: 'varchar', length: 16, default: '' })
  level!: string;

  @Index('IDX_case_departments_unit')
  @Column({ name: 'unit_code', type: 'varchar', length: 40 })
  unitCode!: string;

  @Column({ name: 'parent_code', type: 'varchar', length: 40, nullable: true })
  parentCode!: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  categories!: string[];

  /** Bumped on every change: the 权责清单 version a case was routed under. */
  @Column({ type: 'int', default: 1 })
  version!: number;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
