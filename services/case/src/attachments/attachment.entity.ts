import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** Metadata of a file attached to a case; the bytes are in the attachment storage under `storageKey`. */
@Entity({ name: 'case_attachments' })
@Index('IDX_case_attachments_case', ['caseId', 'createdAt'])
export class AttachmentEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'varchar', length: 120 })
  type!: string;

  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  size!: number;

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  @Column({ name: 'storage_driver', type: 'varchar', length: 16 })
  storageDriver!: string;

  @Column({ name: 'storage_key', type: 'varchar', length: 300 })
  storageKey!: string;

  @Column({ name: 'uploaded_by', type: 'varchar', length: 200 })
  uploadedBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Set when the attachment was taken off the case (its bytes removed); the row stays as the record. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  @Column({ name: 'deleted_by', type: 'varchar', length: 200, nullable: true })
  deletedBy!: string | null;

  @Column({ name: 'delete_reason', type: 'varchar', length: 500, nullable: true })
  deleteReason!: string | null;
}
