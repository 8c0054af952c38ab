import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AttachmentEntity } from './attachment.entity.js';

/** The only code that touches case_attachments (and reads the case row it hangs on). */
@Injectable()
export class AttachmentRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The case's unit path, or null when there is no such case. */
  async caseUnitPath(caseId: string): Promise<string[] | null> {
    const rows = await this.dataSource.query<{ unit_path: string[] }[]>(
      'SELECT unit_path FROM cases WHERE id = $1',
      [caseId],
    );
    return rows[0]?.unit_path ?? null;
  }

  async insert(values: Omit<AttachmentEntity, 'createdAt'>): Promise<AttachmentEntity> {
    const repository = this.dataSource.getRepository(AttachmentEntity);
    await repository.insert(values);
    return await repository.findOneByOrFail({ id: values.id });
  }

  list(caseId: string): Promise<AttachmentEntity[]> {
    return this.dataSource
      .getRepository(AttachmentEntity)
      .find({ where: { caseId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  find(caseId: string, id: string): Promise<AttachmentEntity | null> {
    return this.dataSource.getRepository(AttachmentEntity).findOneBy({ caseId, id });
  }
}
