import { Controller, Get, Query } from '@nestjs/common';
import { unitPathOf } from '@yiwang/contracts';
import { DomainError, IdentityContext, scopeOf } from '@yiwang/platform';
import { z } from 'zod';
import { RequirePermission } from '../auth/permission.guard.js';
import { parseRequest } from '../http-validation.js';
import { decodeCursor, pageOf } from '../http/keyset.js';
import { ApiDoc } from '../openapi/api-doc.decorator.js';
import { AuditRepository } from './audit.repository.js';

const instant = z.iso.datetime({ offset: true });
const auditQuery = z
  .object({
    from: instant.optional(),
    to: instant.optional(),
    subject: z.string().min(1).max(200).optional(),
    action: z.string().min(1).max(200).optional(),
    unit: z
      .string()
      .regex(/^[0-9]{2,12}(-[A-Z0-9]{1,8}){0,2}$/, 'must be a division or grid code')
      .optional(),
    cursor: z.string().max(1024).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

const auditEntry = z.object({
  seq: z.string(),
  at: z.string(),
  subject: z.string().nullable(),
  roles: z.array(z.string()),
  clientId: z.string().nullable(),
  actorScope: z.string().nullable(),
  method: z.string(),
  route: z.string(),
  resourceIds: z.record(z.string(), z.string()),
  action: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  status: z.number().int(),
  errorCode: z.string().nullable(),
  unitPath: z.string().nullable(),
  prevHash: z.string(),
  hash: z.string(),
});

/** The audit log, for admins and supervisors, within their own subtree of the administrative tree. */
@Controller('api/v1/audit')
export class AuditHttpController {
  constructor(private readonly audit: AuditRepository) {}

  @Get()
  @RequirePermission('audit:read')
  @ApiDoc({
    tag: 'audit',
    summary:
      'Audit entries (writes and reads of personal data), newest first, keyset-paged, within the caller’s scope',
    query: auditQuery,
    response: z.object({ items: z.array(auditEntry), nextCursor: z.string().nullable() }),
  })
  async list(@Query() query: unknown): Promise<unknown> {
    const q = parseRequest(auditQuery, query, 'query');
    const identity = IdentityContext.current()!;
    const scopePath = scopeOf(identity);
    const [beforeSeq] = decodeCursor('audit', q.cursor, 1) ?? [];
    if (beforeSeq !== undefined && !/^[0-9]{1,19}$/.test(beforeSeq))
      throw DomainError.invalid('request.invalid', 'The request is not valid', [
        { field: 'query.cursor', message: 'not a cursor of this listing' },
      ]);
    const rows = await this.audit.query({
      scopePath,
      unitPath: q.unit ? unitPathOf(q.unit).join('.') : undefined,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      subject: q.subject,
      action: q.action,
      beforeSeq,
      limit: q.limit + 1,
    });
    const page = pageOf(rows, q.limit, 'audit', (row) => [row.seq]);
    return {
      items: page.items.map((row) => ({ ...row, at: row.at.toISOString() })),
      nextCursor: page.nextCursor,
    };
  }
}
