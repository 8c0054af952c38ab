import { Injectable } from '@nestjs/common';
import { unitPathOf } from '@yiwang/contracts';
import { DomainError, type Identity } from '@yiwang/platform';
import { decodeCursor, pageOf } from '../http/keyset.js';
import type { AuditRow } from './audit-record.js';
import { AuditRepository } from './audit.repository.js';

export interface AuditFilter {
  from?: string;
  to?: string;
  subject?: string;
  action?: string;
  /** A division or grid code: entries in its subtree. */
  unit?: string;
  cursor?: string;
  limit: number;
}

/**
 * Reading the audit log: which part of the tree the reader may see, the filters, and keyset paging
 * (newest first). Admins and supervisors see their own subtree; only a city admin without a unit sees all.
 */
@Injectable()
export class AuditQueryService {
  constructor(private readonly audit: AuditRepository) {}

  async list(
    reader: Identity,
    filter: AuditFilter,
  ): Promise<{ items: AuditRow[]; nextCursor: string | null }> {
    const unrestricted = isUnrestricted(reader);
    if (!unrestricted && !reader.scopePath)
      throw new DomainError('forbidden', 'auth.no_scope', 'The caller has no data scope in the tree');
    const [beforeSeq] = decodeCursor('audit', filter.cursor, 1) ?? [];
    if (beforeSeq !== undefined && !/^[0-9]{1,19}$/.test(beforeSeq))
      throw DomainError.invalid('request.invalid', 'The request is not valid', [
        { field: 'query.cursor', message: 'not a cursor of this listing' },
      ]);
    const rows = await this.audit.query({
      scopePath: unrestricted ? null : reader.scopePath,
      unitPath: filter.unit ? unitPathOf(filter.unit).join('.') : undefined,
      from: filter.from ? new Date(filter.from) : undefined,
      to: filter.to ? new Date(filter.to) : undefined,
      subject: filter.subject,
      action: filter.action,
      beforeSeq,
      limit: filter.limit + 1,
    });
    return pageOf(rows, filter.limit, 'audit', (row) => [row.seq]);
  }
}

/** Whether the reader sees the whole tree (kept in one place: the platform's access helper will replace it). */
function isUnrestricted(reader: Identity): boolean {
  return reader.roles.includes('city_admin') && !reader.scopePath;
}
