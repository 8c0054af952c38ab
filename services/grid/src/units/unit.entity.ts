import { Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { AreaGeometryJson } from '../shared/geometry-json.js';

/** A unit of the administrative tree (块), keyed by its statistical division code. */
@Entity({ name: 'units' })
export class UnitEntity {
  @PrimaryColumn({ type: 'varchar', length: 12 })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  level!: string;

  @Column({ type: 'varchar', length: 24 })
  kind!: string;

  @Index('IDX_units_parent')
  @Column({ name: 'parent_code', type: 'varchar', length: 12, nullable: true })
  parentCode!: string | null;

  /** `44.4401.440106`: a subtree is one indexed prefix range (C collation makes LIKE 'x%' use the btree). */
  @Index('IDX_units_path')
  @Column({ type: 'text', collation: 'C' })
  path!: string;

  /** Optional boundary (GeoJSON); grids drawn inside a unit with a boundary must lie within it. */
  @Column({ type: 'jsonb', nullable: true })
  boundary!: AreaGeometryJson | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
