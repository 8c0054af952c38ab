import { Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { IdentityContext, type Identity } from '@yiwang/platform';
import { z } from 'zod';
import { AuthErrors } from '../auth/auth.errors.js';
import { RequirePermission } from '../auth/permission.guard.js';
import { ApiRoute, ValidBody, ValidParams, ValidQuery, named } from '../openapi/api-route.decorator.js';
import { instant, pageOf } from '../openapi/api-schemas.js';
import { ApiClientsService } from './api-clients.service.js';

const code = z.string().regex(/^[0-9]{2,12}(-[A-Za-z0-9]{1,8})*$/, 'a division or grid code');
const newClient = z
  .object({
    name: z.string().trim().min(1).max(120),
    unitCode: code,
    departmentCode: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'a department code'),
    rateLimit: z
      .object({ perSecond: z.number().positive().max(10_000), burst: z.number().int().min(1).max(100_000) })
      .strict()
      .optional(),
  })
  .strict();
const rotateBody = z
  .object({
    graceSeconds: z
      .number()
      .int()
      .min(0)
      .max(30 * 24 * 3600)
      .optional(),
  })
  .strict();
const idParams = z.object({ id: z.string().uuid() }).strict();
const listQuery = z
  .object({ after: z.string().uuid().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) })
  .strict();

const client = named(
  'ApiClient',
  z.strictObject({
    id: z.string(),
    name: z.string(),
    roles: z.array(z.string()),
    unitCode: z.string(),
    departmentCode: z.string(),
    rateLimit: z.strictObject({ perSecond: z.number(), burst: z.number().int() }),
    createdBy: z.string(),
    createdAt: instant,
    revokedAt: instant.nullable(),
    secrets: z.array(
      z.strictObject({
        id: z.string(),
        hint: z.string().describe('The last characters of the secret'),
        createdAt: instant,
        expiresAt: instant.nullable(),
        lastUsedAt: instant.nullable(),
      }),
    ),
  }),
);
const clientWithSecret = named(
  'ApiClientSecret',
  client.extend({
    clientId: z.string(),
    clientSecret: z.string().describe('Shown this once'),
    previousSecretsExpireAt: instant.optional().describe('After a rotation: when the older secrets stop'),
  }),
);
type Id = z.output<typeof idParams>;

/** Departmental API clients: secrets are shown once, at creation and rotation. */
@Controller('api/v1/clients')
export class ApiClientsHttpController {
  constructor(private readonly clients: ApiClientsService) {}

  @Post()
  @RequirePermission('clients:manage')
  @ApiRoute({
    tag: 'clients',
    summary: 'Create an API client (client-credentials and API key); the secret is shown once',
    body: newClient,
    response: clientWithSecret,
    status: 201,
    errors: [403],
  })
  async create(
    @ValidBody() input: z.output<typeof newClient>,
    @Res({ passthrough: true }) response: Response,
  ) {
    const created = await this.clients.create(actor(), {
      name: input.name,
      unitCode: input.unitCode,
      departmentCode: input.departmentCode,
      ratePerSecond: input.rateLimit?.perSecond,
      rateBurst: input.rateLimit?.burst,
    });
    response
      .status(201)
      .location(`/api/v1/clients/${created.client.id}`)
      .setHeader('Cache-Control', 'no-store');
    return { ...created.client, clientId: created.client.id, clientSecret: created.secret };
  }

  @Get()
  @RequirePermission('clients:manage')
  @ApiRoute({
    tag: 'clients',
    summary: 'API clients in your scope (keyset pages)',
    query: listQuery,
    response: pageOf(client),
  })
  async list(@ValidQuery() q: z.output<typeof listQuery>) {
    const items = await this.clients.list(actor(), q.after ?? null, q.limit);
    return { items, nextCursor: items.length === q.limit ? items[items.length - 1].id : null };
  }

  @Get(':id')
  @RequirePermission('clients:manage')
  @ApiRoute({ tag: 'clients', summary: 'One API client', params: idParams, response: client, errors: [404] })
  async get(@ValidParams() { id }: Id) {
    return this.clients.get(actor(), id);
  }

  @Post(':id/rotate')
  @RequirePermission('clients:manage')
  @HttpCode(200)
  @ApiRoute({
    tag: 'clients',
    summary: 'New secret; the previous ones stay valid for the grace period',
    params: idParams,
    body: rotateBody,
    response: clientWithSecret,
    errors: [404],
  })
  async rotate(
    @ValidParams() { id }: Id,
    @ValidBody() input: z.output<typeof rotateBody>,
    @Res({ passthrough: true }) response: Response,
  ) {
    const rotated = await this.clients.rotate(actor(), id, input.graceSeconds);
    response.setHeader('Cache-Control', 'no-store');
    return {
      ...rotated.client,
      clientId: id,
      clientSecret: rotated.secret,
      previousSecretsExpireAt: rotated.previousSecretsExpireAt,
    };
  }

  @Post(':id/revoke')
  @RequirePermission('clients:manage')
  @HttpCode(200)
  @ApiRoute({
    tag: 'clients',
    summary: 'Revoke a client: its secrets and tokens stop at once',
    params: idParams,
    response: client,
  })
  async revoke(@ValidParams() { id }: Id) {
    return this.clients.revoke(actor(), id);
  }
}

function actor(): Identity {
  const identity = IdentityContext.current();
  if (!identity) throw AuthErrors.missingToken();
  return identity;
}
