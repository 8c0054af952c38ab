import { Controller, Get } from '@nestjs/common';
import { IdentityContext } from '@yiwang/platform';
import { z } from 'zod';
import { AuthErrors } from '../auth/auth.errors.js';
import { RequirePermission } from '../auth/permission.guard.js';
import { ApiRoute, ValidQuery, named } from '../openapi/api-route.decorator.js';
import { pageOf } from '../openapi/api-schemas.js';
import { AuditQueryService } from './audit-query.service.js';

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

const auditEntry = named(
  'AuditEntry',
  z.strictObject({
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
  }),
);

/** The audit log, for admins and supervisors, within their own subtree of the administrative tree. */
@Controller('api/v1/audit')
export class AuditHttpController {
  constructor(private readonly audit: AuditQueryService) {}

  @Get()
  @RequirePermission('audit:read')
  @ApiRoute({
    tag: 'audit',
    summary:
      'Audit entries (writes and reads of personal data), newest first, keyset-paged, within the caller’s scope',
    query: auditQuery,
    response: pageOf(auditEntry),
  })
  async list(@ValidQuery() q: z.output<typeof auditQuery>) {
    const reader = IdentityContext.current();
    if (!reader) throw AuthErrors.missingToken();
    const page = await this.audit.list(reader, q);
    return {
      items: page.items.map((row) => ({ ...row, at: row.at.toISOString() })),
      nextCursor: page.nextCursor,
    };
  }
}
