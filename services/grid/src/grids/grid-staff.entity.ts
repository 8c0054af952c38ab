import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * "1+3+N": one grid head (网格长), full-time workers (专职网格员) and part-time ones (兼职: building heads,
 * in-service party members, police, volunteers). Leaving sets `until`; the row stays for history.
 */
@Entity({ name: 'grid_staff' })
@Index('IDX_grid_staff_grid', ['gridCode', 'until'])
export class GridStaffEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'grid_code', type: 'varchar', length: 40 })
  gridCode!: string;

  @Column({ type: 'text' })
  name!: string;

  /** head, full_time, part_time */
  @Column({ type: 'varchar', length: 16 })
  role!: string;

  /** For part-time staff: building_head, party_member, police, volunteer, other. */
  @Column({ name: 'part_time_kind', type: 'varchar', length: 24, nullable: true })
  partTimeKind!: string | null;

  /** Encrypted (see people/pii-cipher); masked unless the caller may read personal data. */
  @Column({ name: 'phone_enc', type: 'text', nullable: true })
  phoneEnc!: string | null;

  @Column({ type: 'date' })
  since!: string;

  @Column({ type: 'date', nullable: true })
  until!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
