import { Controller, Delete, Get, HttpCode, Patch, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { IdentityContext, type Identity } from '@yiwang/platform';
import { z } from 'zod';
import { AuthErrors } from '../auth/auth.errors.js';
import { RequirePermission } from '../auth/permission.guard.js';
import { ApiRoute, ValidBody, ValidParams, ValidQuery } from '../openapi/api-route.decorator.js';
import { pageOf } from '../openapi/api-schemas.js';
import {
  createBody,
  createdSubscription,
  deliveriesQuery,
  delivery,
  deliveryDetail,
  deliveryParams,
  idParams,
  listQuery,
  rotateBody,
  rotatedSecret,
  subscription,
  updateBody,
} from './webhooks.schemas.js';
import { WebhooksService } from './webhooks.service.js';

type Id = z.output<typeof idParams>;
type DeliveryId = z.output<typeof deliveryParams>;

/** Webhook subscriptions of the caller, their delivery log and replay. */
@Controller('api/v1/webhooks')
export class WebhooksHttpController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @RequirePermission('webhooks:manage')
  @ApiRoute({
    tag: 'webhooks',
    summary: 'Subscribe to case events (the signing secret is shown once)',
    body: createBody,
    response: createdSubscription,
    status: 201,
    errors: [403],
  })
  async create(
    @ValidBody() body: z.output<typeof createBody>,
    @Res({ passthrough: true }) response: Response,
  ) {
    const created = await this.webhooks.create(owner(), body);
    response.status(201).location(`/api/v1/webhooks/${created.id}`).setHeader('Cache-Control', 'no-store');
    return created;
  }

  @Get()
  @RequirePermission('webhooks:manage')
  @ApiRoute({
    tag: 'webhooks',
    summary: 'Your subscriptions (keyset pages)',
    query: listQuery,
    response: pageOf(subscription),
  })
  async list(@ValidQuery() q: z.output<typeof listQuery>) {
    const items = await this.webhooks.list(owner(), q.after ?? null, q.limit);
    return { items, nextCursor: items.length === q.limit ? items[items.length - 1].id : null };
  }

  @Get(':id')
  @RequirePermission('webhooks:manage')
  @ApiRoute({
    tag: 'webhooks',
    summary: 'One subscription',
    params: idParams,
    response: subscription,
    errors: [404],
  })
  get(@ValidParams() { id }: Id) {
    return this.webhooks.get(owner(), id);
  }

  @Patch(':id')
  @RequirePermission('webhooks:manage')
  @ApiRoute({
    tag: 'webhooks',
    summary: 'Change a subscription',
    params: idParams,
    body: updateBody,
    response: subscription,
    errors: [404],
  })
  update(@ValidParams() { id }: Id, @ValidBody() body: z.output<typeof updateBody>) {
    return this.webhooks.update(owner(), id, body);
  }

  @Post(':id/rotate-secret')
  @RequirePermission('webhooks:manage')
  @HttpCode(200)
  @ApiRoute({
    tag: 'webhooks',
    summary: 'New signing secret (shown once); the old one keeps signing too during the overlap',
    params: idParams,
    body: rotateBody,
    response: rotatedSecret,
    errors: [404],
  })
  async rotateSecret(
    @ValidParams() { id }: Id,
    @ValidBody() body: z.output<typeof rotateBody>,
    @Res({ passthrough: true }) response: Response,
  ) {
    const rotated = await this.webhooks.rotateSecret(owner(), id, body.overlapSeconds);
    response.setHeader('Cache-Control', 'no-store');
    return { ...rotated.subscription, secret: rotated.secret };
  }

  @Delete(':id')
  @RequirePermission('webhooks:manage')
  @HttpCode(204)
  @ApiRoute({
    tag: 'webhooks',
    summary: 'Delete a subscription and its log',
    params: idParams,
    response: null,
    status: 204,
  })
  async delete(@ValidParams() { id }: Id): Promise<void> {
    await this.webhooks.delete(owner(), id);
  }

  @Get(':id/deliveries')
  @RequirePermission('webhooks:manage')
  @ApiRoute({
    tag: 'webhooks',
    summary: 'Deliveries, newest first',
    params: idParams,
    query: deliveriesQuery,
    response: pageOf(delivery),
    errors: [404],
  })
  async deliveries(@ValidParams() { id }: Id, @ValidQuery() q: z.output<typeof deliveriesQuery>) {
    const items = await this.webhooks.listDeliveries(owner(), id, q);
    return { items, nextCursor: items.length === q.limit ? items[items.length - 1].id : null };
  }

  @Get(':id/deliveries/:deliveryId')
  @RequirePermission('webhooks:manage')
  @ApiRoute({
    tag: 'webhooks',
    summary: 'One delivery with every attempt',
    params: deliveryParams,
    response: deliveryDetail,
    errors: [404],
  })
  delivery(@ValidParams() { id, deliveryId }: DeliveryId) {
    return this.webhooks.getDelivery(owner(), id, deliveryId);
  }

  @Post(':id/deliveries/:deliveryId/replay')
  @RequirePermission('webhooks:manage')
  @HttpCode(202)
  @ApiRoute({
    tag: 'webhooks',
    summary: 'Send a delivered or dead-lettered delivery again',
    params: deliveryParams,
    response: deliveryDetail,
    status: 202,
    errors: [404, 409],
  })
  replay(@ValidParams() { id, deliveryId }: DeliveryId) {
    return this.webhooks.replay(owner(), id, deliveryId);
  }
}

function owner(): Identity {
  const identity = IdentityContext.current();
  if (!identity) throw AuthErrors.missingToken();
  return identity;
}
