import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A special-population tag (独居老人, 残疾人, 低保 …): who set it and when; removal keeps the row. */
@Entity({ name: 'resident_tags' })
@Index('UQ_resident_tags_active', ['residentId', 'tag'], { unique: true, where: '"removed_at" IS NULL' })
@Index('IDX_resident_tags_tag', ['tag', 'residentId'], { where: '"removed_at" IS NULL' })
export class ResidentTagEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'resident_id', type: 'uuid' })
  residentId!: string;

  @Column({ type: 'varchar', length: 32 })
  tag!: string;

  @Column({ name: 'set_by', type: 'text' })
  setBy!: string;

  @Column({ name: 'set_at', type: 'timestamptz' })
  setAt!: Date;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'removed_by', type: 'text', nullable: true })
  removedBy!: string | null;

  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true })
  removedAt!: Date | null;
}
