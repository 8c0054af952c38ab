import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Every unmasked read of personal data: who, whose, which fields, when, and from where. */
@Entity({ name: 'pii_access_log' })
@Index('IDX_pii_access_resident', ['residentId', 'at'])
export class PiiAccessEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ name: 'resident_id', type: 'uuid' })
  residentId!: string;

  @Column({ type: 'text', array: true })
  fields!: string[];

  @Column({ type: 'text' })
  purpose!: string;
}
