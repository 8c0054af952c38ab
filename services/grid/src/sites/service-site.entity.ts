import { Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A party-mass service centre or station (党群服务中心/站). */
@Entity({ name: 'service_sites' })
export class ServiceSiteEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  /** center (中心, street level) or station (站, community level) */
  @Column({ type: 'varchar', length: 16 })
  kind!: string;

  @Column({ name: 'unit_code', type: 'varchar', length: 12 })
  unitCode!: string;

  @Index('IDX_service_sites_path')
  @Column({ type: 'text', collation: 'C' })
  path!: string;

  @Column({ type: 'text', default: '' })
  address!: string;

  @Column({ type: 'double precision' })
  lat!: number;

  @Column({ type: 'double precision' })
  lng!: number;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  functions!: string[];

  /** Weekly hours: `{ "mon": [["09:00","17:30"]], … }`. */
  @Column({ name: 'opening_hours', type: 'jsonb', default: () => "'{}'" })
  openingHours!: Record<string, [string, string][]>;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
