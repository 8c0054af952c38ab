import { Injectable } from '@nestjs/common';
import { unitPathOf } from '@yiwang/contracts';
import { DomainError, scopeOf, type Identity } from '@yiwang/platform';
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
    // The platform's one access rule: the whole tree, the reader's subtree, or refused (auth.no_scope).
    const scopePath = scopeOf(reader);
    const [beforeSeq] = decodeCursor('audit', filter.cursor, 1) ?? [];
    if (beforeSeq !== undefined && !/^[0-9]{1,19}$/.test(beforeSeq))
      throw DomainError.invalid('request.invalid', 'The request is not valid', [
        { field: 'query.cursor', message: 'not a cursor of this listing' },
      ]);
    const rows = await this.audit.query({
      scopePath,
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
