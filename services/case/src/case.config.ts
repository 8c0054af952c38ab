import { baseServiceConfig, env } from '@yiwang/platform';
import { z } from 'zod';
import { SNIFFABLE_TYPES } from './attachments/attachment-types.js';

/** Replies travel in one gRPC message and the gateway's client accepts 16 MiB: files stay below 15 MiB. */
const MAX_ATTACHMENT_BYTES = 15 * 1024 * 1024;

export const caseConfigSchema = baseServiceConfig
  .extend({
    HTTP_PORT: env.port(3101),
    GRPC_PORT: env.port(50051),
    /** Attachments: `filesystem` (the default, under ATTACHMENTS_DIR) or `s3` (any S3-compatible store). */
    ATTACHMENTS_DRIVER: z.enum(['filesystem', 's3']).default('filesystem'),
    ATTACHMENTS_DIR: z.string().min(1).default('.data/attachments'),
    ATTACHMENTS_MAX_BYTES: env.int(10 * 1024 * 1024, 1).pipe(z.number().max(MAX_ATTACHMENT_BYTES)),
    /** Accepted media types (comma-separated), each recognised from the file's bytes. */
    ATTACHMENTS_TYPES: z
      .string()
      .default(SNIFFABLE_TYPES.join(','))
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.enum(SNIFFABLE_TYPES)).min(1)),
    S3_ENDPOINT: env.url(['http', 'https']).optional(),
    S3_BUCKET: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name')
      .optional(),
    S3_REGION: z.string().min(1).default('us-east-1'),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    /** Path-style URLs (`endpoint/bucket/key`), as MinIO and most self-hosted stores want. */
    S3_FORCE_PATH_STYLE: env.boolean(true),
    S3_PREFIX: z
      .string()
      .regex(/^([a-z0-9-]+\/)*$/, 'lower-case segments each ending in /')
      .default(''),
  })
  .superRefine((c, ctx) => {
    if (c.ATTACHMENTS_DRIVER !== 's3') return;
    for (const key of ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
      if (!c[key])
        ctx.addIssue({ code: 'custom', path: [key], message: 'required when ATTACHMENTS_DRIVER=s3' });
    }
  });

export type CaseConfig = z.infer<typeof caseConfigSchema>;
