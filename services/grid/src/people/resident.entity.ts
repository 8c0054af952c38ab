import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A resident (人). The ID number and phone exist only encrypted (AES-256-GCM, with the key id inside the
 * token) plus a keyed hash for exact lookup; no plain column holds them.
 */
@Entity({ name: 'residents' })
@Index('IDX_residents_name', ['name', 'id'])
@Index('IDX_residents_initials', ['nameInitials', 'id'])
@Index('IDX_residents_path', ['path', 'id'])
export class ResidentEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'text', collation: 'C' })
  name!: string;

  /** Pinyin initials (张三 → zs) for search by initials. */
  @Column({ name: 'name_initials', type: 'varchar', length: 32, collation: 'C' })
  nameInitials!: string;

  @Column({ type: 'varchar', length: 8 })
  gender!: string;

  @Column({ name: 'birth_date', type: 'date' })
  birthDate!: string;

  @Column({ name: 'id_number_enc', type: 'text' })
  idNumberEnc!: string;

  @Index('UQ_residents_id_number_hash', { unique: true })
  @Column({ name: 'id_number_hash', type: 'char', length: 64 })
  idNumberHash!: string;

  @Column({ name: 'phone_enc', type: 'text', nullable: true })
  phoneEnc!: string | null;

  @Index('IDX_residents_phone_hash')
  @Column({ name: 'phone_hash', type: 'char', length: 64, nullable: true })
  phoneHash!: string | null;

  @Index('IDX_residents_household')
  @Column({ name: 'household_id', type: 'uuid', nullable: true })
  householdId!: string | null;

  /** Relation to the head of household: head, spouse, child, parent, other. */
  @Column({ type: 'varchar', length: 16, default: 'other' })
  relation!: string;

  @Column({ name: 'grid_code', type: 'varchar', length: 40, nullable: true })
  gridCode!: string | null;

  @Column({ type: 'text', collation: 'C' })
  path!: string;

  /** Demo and test data: never a real person. */
  @Column({ type: 'boolean', default: false })
  synthetic!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
