import { z } from 'zod';
import { named } from '../openapi/api-route.decorator.js';
import { instant } from '../openapi/api-schemas.js';
import { DELIVERY_STATUSES } from './webhook.entity.js';
import { SUBSCRIBABLE } from './webhooks.service.js';

/** Requests and answers of the webhook routes (webhooks.http.controller.ts). */
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
export const createBody = z.object(fields).strict();
export const updateBody = z
  .object({ ...fields, url: fields.url.optional(), eventTypes: fields.eventTypes.optional() })
  .strict();
export const rotateBody = z
  .object({
    overlapSeconds: z
      .number()
      .int()
      .min(0)
      .max(30 * 24 * 3600)
      .optional()
      .describe('How long deliveries carry the old signature too (default WEBHOOK_SECRET_OVERLAP_SECONDS)'),
  })
  .strict();
export const idParams = z.object({ id: z.string().uuid() }).strict();
export const deliveryParams = z.object({ id: z.string().uuid(), deliveryId: z.string().uuid() }).strict();
export const listQuery = z
  .object({ after: z.string().uuid().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) })
  .strict();
export const deliveriesQuery = z
  .object({
    status: z.enum(DELIVERY_STATUSES).optional(),
    before: z.string().uuid().optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

const filterView = z.strictObject({
  department: z.string().nullable(),
  categories: z.array(z.string()).nullable(),
  unit: z.string().nullable(),
});

export const subscription = named(
  'WebhookSubscription',
  z.strictObject({
    id: z.string(),
    ownerSubject: z.string(),
    ownerScopePath: z.string().nullable(),
    ownerDepartment: z.string().nullable(),
    ownerClientId: z.string().nullable(),
    url: z.string(),
    eventTypes: z.array(z.string()),
    active: z.boolean(),
    maxConcurrency: z.number().int(),
    timeoutMs: z.number().int(),
    description: z.string().nullable(),
    createdAt: instant,
    updatedAt: instant,
    filter: filterView,
    previousSecretExpiresAt: instant
      .nullable()
      .describe('While set, deliveries are signed with the previous secret too (until then)'),
  }),
);

export const createdSubscription = named(
  'NewWebhookSubscription',
  subscription.extend({ secret: z.string().describe('The signing secret: shown this once') }),
);

export const rotatedSecret = named(
  'RotatedWebhookSecret',
  subscription.extend({ secret: z.string().describe('The new signing secret: shown this once') }),
);

export const delivery = named(
  'WebhookDelivery',
  z.strictObject({
    id: z.string(),
    eventId: z.string(),
    eventType: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int(),
    nextAttemptAt: instant,
    lastResponseStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: instant,
    completedAt: instant.nullable(),
  }),
);

export const deliveryDetail = named(
  'WebhookDeliveryDetail',
  delivery.extend({
    attemptLog: z.array(
      z.strictObject({
        startedAt: instant,
        latencyMs: z.number().int(),
        responseStatus: z.number().int().nullable(),
        error: z.string().nullable(),
        outcome: z.enum(['succeeded', 'failed']),
      }),
    ),
  }),
);
