import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One rejected CSV row: its line number and why. The row's content is not kept (it may hold PII). */
@Entity({ name: 'import_errors' })
export class ImportErrorEntity {
  @PrimaryColumn({ name: 'job_id', type: 'uuid' })
  jobId!: string;

  @PrimaryColumn({ type: 'int' })
  line!: number;

  @Column({ type: 'text' })
  reason!: string;
}
