import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** 吹哨报到: a co-handling department's part of a joint case, with its own deadline. */
@Entity({ name: 'case_subtasks' })
export class CaseSubtaskEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Index('IDX_case_subtasks_case')
  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Index('IDX_case_subtasks_department')
  @Column({ name: 'department_code', type: 'varchar', length: 40 })
  departmentCode!: string;

  @Column({ type: 'varchar', length: 500 })
  task!: string;

  @Column({ name: 'deadline_working_hours', type: 'int' })
  deadlineWorkingHours!: number;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  state!: 'open' | 'done';

  @Column({ type: 'text', nullable: true })
  result!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'completed_by', type: 'varchar', length: 200, nullable: true })
  completedBy!: string | null;
}
