import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AreaGeometryJson } from '../shared/geometry-json.js';

/**
 * A grid or micro-grid. Redrawing never deletes: a split, merge or redraw retires the old grid (it stays
 * resolvable by code, with `replacedBy`) and creates new ones, so old cases and figures keep their grid.
 */
@Entity({ name: 'grids' })
@Index('IDX_grids_active_community', ['communityCode', 'status'])
export class GridEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'varchar', length: 32 })
  type!: string;

  @Column({ name: 'community_code', type: 'varchar', length: 12 })
  communityCode!: string;

  /** Set for a micro-grid (微网格): the grid it subdivides. */
  @Column({ name: 'parent_grid_code', type: 'varchar', length: 40, nullable: true })
  parentGridCode!: string | null;

  @Index('IDX_grids_path')
  @Column({ type: 'text', collation: 'C' })
  path!: string;

  @Column({ type: 'jsonb' })
  boundary!: AreaGeometryJson;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status!: 'active' | 'retired';

  @Column({ type: 'int', default: 1 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;

  /** split, merge or redraw */
  @Column({ name: 'retired_reason', type: 'varchar', length: 16, nullable: true })
  retiredReason!: string | null;

  @Column({ name: 'replaced_by', type: 'text', array: true, default: () => "'{}'" })
  replacedBy!: string[];
}
