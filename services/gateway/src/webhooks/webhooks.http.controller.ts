import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { IdentityContext, type Identity } from '@yiwang/platform';
import { z } from 'zod';
import { AuthErrors } from '../auth/auth.errors.js';
import { RequirePermission } from '../auth/permission.guard.js';
import { parseRequest } from '../http-validation.js';
import { ApiDoc } from '../openapi/api-doc.decorator.js';
import { DELIVERY_STATUSES } from './webhook.entity.js';
import { SUBSCRIBABLE, WebhooksService } from './webhooks.service.js';

const filter = z
  .object({
    department: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,40}$/)
      .nullable()
      .optional(),
    categories: z.array(z.string().min(1).max(64)).min(1).max(100).nullable().optional(),
    unit: z
      .string()
      .regex(/^[0-9]{2,12}(-[A-Za-z0-9]{1,8})*$/, 'a division or grid code')
      .nullable()
      .optional(),
  })
  .strict();
const fields = {
  url: z.string().url().max(2000),
  eventTypes: z
    .array(z.enum(SUBSCRIBABLE as [string, ...string[]]))
    .min(1)
    .max(50),
  filter: filter.optional(),
  active: z.boolean().optional(),
  maxConcurrency: z.number().int().min(1).max(32).optional(),
  timeoutMs: z.number().int().min(100).max(30_000).optional(),
  description: z.string().max(500).nullable().optional(),
};
const createBody = z.object(fields).strict();
const updateBody = z
  .object({ ...fields, url: fields.url.optional(), eventTypes: fields.eventTypes.optional() })
  .strict();
const idParams = z.object({ id: z.string().uuid() }).strict();
const deliveryParams = z.object({ id: z.string().uuid(), deliveryId: z.string().uuid() }).strict();
const listQuery = z
  .object({ after: z.string().uuid().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) })
  .strict();
const deliveriesQuery = z
  .object({
    status: z.enum(DELIVERY_STATUSES).optional(),
    before: z.string().uuid().optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

/** Webhook subscriptions of the caller, their delivery log and replay. */
@Controller('api/v1/webhooks')
export class WebhooksHttpController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @RequirePermission('webhooks:manage')
  @ApiDoc({
    tag: 'webhooks',
    summary: 'Subscribe to case events (the signing secret is shown once)',
    body: createBody,
    status: 201,
    errors: [403],
  })
  async create(@Body() body: unknown, @Res({ passthrough: true }) response: Response): Promise<unknown> {
    const created = await this.webhooks.create(owner(), parseRequest(createBody, body, 'body'));
    response.status(201).location(`/api/v1/webhooks/${created.id}`).setHeader('Cache-Control', 'no-store');
    return created;
  }

  @Get()
  @RequirePermission('webhooks:manage')
  @ApiDoc({ tag: 'webhooks', summary: 'Your subscriptions (keyset pages)', query: listQuery })
  async list(@Query() query: unknown): Promise<unknown> {
    const q = parseRequest(listQuery, query, 'query');
    const items = await this.webhooks.list(owner(), q.after ?? null, q.limit);
    return { items, nextCursor: items.length === q.limit ? items[items.length - 1].id : null };
  }

  @Get(':id')
  @RequirePermission('webhooks:manage')
  @ApiDoc({ tag: 'webhooks', summary: 'One subscription', params: idParams, errors: [404] })
  get(@Param() params: unknown): Promise<unknown> {
    return this.webhooks.get(owner(), parseRequest(idParams, params, 'path').id);
  }

  @Patch(':id')
  @RequirePermission('webhooks:manage')
  @ApiDoc({
    tag: 'webhooks',
    summary: 'Change a subscription',
    params: idParams,
    body: updateBody,
    errors: [404],
  })
  update(@Param() params: unknown, @Body() body: unknown): Promise<unknown> {
    const { id } = parseRequest(idParams, params, 'path');
    return this.webhooks.update(owner(), id, parseRequest(updateBody, body, 'body'));
  }

  @Delete(':id')
  @RequirePermission('webhooks:manage')
  @HttpCode(204)
  @ApiDoc({ tag: 'webhooks', summary: 'Delete a subscription and its log', params: idParams, status: 204 })
  async delete(@Param() params: unknown): Promise<void> {
    await this.webhooks.delete(owner(), parseRequest(idParams, params, 'path').id);
  }

  @Get(':id/deliveries')
  @RequirePermission('webhooks:manage')
  @ApiDoc({
    tag: 'webhooks',
    summary: 'Deliveries, newest first',
    params: idParams,
    query: deliveriesQuery,
    errors: [404],
  })
  async deliveries(@Param() params: unknown, @Query() query: unknown): Promise<unknown> {
    const { id } = parseRequest(idParams, params, 'path');
    const q = parseRequest(deliveriesQuery, query, 'query');
    const items = await this.webhooks.listDeliveries(owner(), id, q);
    return { items, nextCursor: items.length === q.limit ? items[items.length - 1].id : null };
  }

  @Get(':id/deliveries/:deliveryId')
  @RequirePermission('webhooks:manage')
  @ApiDoc({
    tag: 'webhooks',
    summary: 'One delivery with every attempt',
    params: deliveryParams,
    errors: [404],
  })
  delivery(@Param() params: unknown): Promise<unknown> {
    const { id, deliveryId } = parseRequest(deliveryParams, params, 'path');
    return this.webhooks.getDelivery(owner(), id, deliveryId);
  }

  @Post(':id/deliveries/:deliveryId/replay')
  @RequirePermission('webhooks:manage')
  @HttpCode(202)
  @ApiDoc({
    tag: 'webhooks',
    summary: 'Send a delivered or dead-lettered delivery again',
    params: deliveryParams,
    status: 202,
    errors: [404, 409],
  })
  replay(@Param() params: unknown): Promise<unknown> {
    const { id, deliveryId } = parseRequest(deliveryParams, params, 'path');
    return this.webhooks.replay(owner(), id, deliveryId);
  }
}

function owner(): Identity {
  const identity = IdentityContext.current();
  if (!identity) throw AuthErrors.missingToken();
  return identity;
}
