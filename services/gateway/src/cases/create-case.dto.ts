import { z } from 'zod';

export const createCaseBody = z
  .object({
    title: z.string().trim().min(1).max(200),
    description: z.string().max(10_000).default(''),
    category: z.string().regex(/^[a-z][a-z0-9_.-]{0,63}$/, 'must be a category code'),
    channel: z.string().min(1).max(32),
    /** Optional when a location is given: the registry resolves it to the grid. */
    unitCode: z.string().min(2).max(40).optional(),
    location: z
      .object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) })
      .strict()
      .optional(),
    priority: z.enum(['normal', 'urgent', 'emergency']).optional(),
    address: z.string().trim().max(200).optional(),
    /** Answers to the category's extra questions; the case service checks them against the catalogue. */
    attributes: z
      .record(
        z.string().max(64),
        z.union([z.string().max(2000), z.number(), z.array(z.string().max(200)).max(20)]),
      )
      .optional(),
  })
  .strict()
  .refine((b) => b.unitCode !== undefined || b.location !== undefined, {
    path: ['unitCode'],
    message: 'is required unless a location is given',
  });

export type CreateCaseBody = z.infer<typeof createCaseBody>;

export const idempotencyKeyHeaders = z.object({
  'Idempotency-Key': z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII')
    .optional()
    .describe('Makes a retry safe: the first answer is kept per caller, key and route and replayed'),
});
