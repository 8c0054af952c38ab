import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A user of the built-in identity provider. The password exists only as an argon2id hash. */
@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Index('UQ_users_username', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  username!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ type: 'text', array: true })
  roles!: string[];

  /** The administrative unit (or grid) whose subtree is the user's data scope; null = the whole tree. */
  @Column({ name: 'unit_code', type: 'varchar', length: 40, nullable: true })
  unitCode!: string | null;

  /** For department staff: the department they work for. */
  @Column({ name: 'department_code', type: 'varchar', length: 40, nullable: true })
  departmentCode!: string | null;

  @Column({ type: 'boolean', default: false })
  disabled!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
