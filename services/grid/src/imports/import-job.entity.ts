import { Column, CreateDateColumn, Entity, PrimaryColumn, type ValueTransformer } from 'typeorm';

/** The driver reads bigint as text; byte counts are numbers to everyone who uses them. */
const BYTES: ValueTransformer = {
  to: (value: number) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/** A CSV import of households and residents, with its progress; bad rows are kept in import_errors. */
@Entity({ name: 'import_jobs' })
export class ImportJobEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** queued, running, done, failed */
  @Column({ type: 'varchar', length: 16 })
  status!: string;

  @Column({ name: 'file_name', type: 'text' })
  fileName!: string;

  /** SHA-256 of the file: the same file imported again is recognised. */
  @Column({ name: 'file_sha256', type: 'char', length: 64 })
  fileSha256!: string;

  /** Byte counts are bigint (files pass 2 GiB); read as numbers, exact far beyond any file we take. */
  @Column({ name: 'total_bytes', type: 'bigint', transformer: BYTES })
  totalBytes!: number;

  @Column({ name: 'bytes_read', type: 'bigint', default: 0, transformer: BYTES })
  bytesRead!: number;

  @Column({ name: 'rows_read', type: 'int', default: 0 })
  rowsRead!: number;

  @Column({ name: 'rows_imported', type: 'int', default: 0 })
  rowsImported!: number;

  @Column({ name: 'rows_unchanged', type: 'int', default: 0 })
  rowsUnchanged!: number;

  @Column({ name: 'rows_failed', type: 'int', default: 0 })
  rowsFailed!: number;

  @Column({ name: 'started_by', type: 'text' })
  startedBy!: string;

  @Column({ name: 'scope_path', type: 'text', nullable: true })
  scopePath!: string | null;

  @Column({ type: 'text', nullable: true })
  failure!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
