import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A 督办 card: a notice to the handling unit or department, kept on its record. */
@Entity({ name: 'supervision_cards' })
@Index('IDX_supervision_cards_target', ['targetUnit', 'issuedAt'])
@Index('IDX_supervision_cards_department', ['departmentCode', 'issuedAt'])
@Index('IDX_supervision_cards_case', ['caseId'])
export class SupervisionCardEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** What makes the card unique: `auto:<case>:<clock>:<due>` or `manual:<case>:<seq>`. */
  @Index('UQ_supervision_cards_source', { unique: true })
  @Column({ name: 'source_key', type: 'varchar', length: 200 })
  sourceKey!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  /** notice | yellow | red */
  @Column({ type: 'varchar', length: 16 })
  card!: string;

  /** automatic (deadline) | manual (a supervisor) */
  @Column({ type: 'varchar', length: 16 })
  origin!: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  clock!: string | null;

  @Column({ name: 'target_unit', type: 'varchar', length: 40, nullable: true })
  targetUnit!: string | null;

  @Column({ name: 'department_code', type: 'varchar', length: 40, nullable: true })
  departmentCode!: string | null;

  @Column({ name: 'unit_path', type: 'text', array: true })
  unitPath!: string[];

  @Column({ type: 'varchar', length: 64 })
  category!: string;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt!: Date;

  @Column({ name: 'issued_by', type: 'varchar', length: 128 })
  issuedBy!: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  reason!: string | null;
}
