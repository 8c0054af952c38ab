import { calleesOf } from '@yiwang/contracts';
import { baseServiceConfig, env, grpcAddressSettings } from '@yiwang/platform';
import { z } from 'zod';
import { SNIFFABLE_TYPES } from './attachments/attachment-types.js';
import { assessmentConfigSchema } from './assessment/assessment-config.js';
import { calendarConfigSchema } from './calendar/calendar-registry.js';
import { deadlinePolicyConfigSchema } from './deadlines/deadline-policy.js';

// Files stream through in chunks: the cap is a sanity bound, not a message size.
const MAX_ATTACHMENT_BYTES = 1024 * 1024 * 1024;

/** A JSON-valued variable checked against a schema; unset means the schema's defaults. */
const json = <S extends z.ZodType>(schema: S) =>
  z
    .string()
    .default('{}')
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);

export const caseConfigSchema = baseServiceConfig
  .extend({
    HTTP_PORT: env.port(3101),
    GRPC_PORT: env.port(50051),
    /** Working hours, zone and per-city holiday overrides (see calendar/calendar-registry.ts). */
    CASE_CALENDAR: json(calendarConfigSchema),
    /** From this day (MM-DD) of a year admins are warned while the next year has no holiday arrangement. */
    CASE_CALENDAR_WARN_FROM: z
      .string()
      .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/, 'a day of the year as MM-DD')
      .default('11-01'),
    /** Cases whose clocks are recomputed per transaction when a year's calendar changes. */
    CASE_CALENDAR_RECOMPUTE_BATCH: env.int(100, 1),
    /** How often a replica checks for a calendar change it missed and for abandoned recompute jobs. */
    CASE_CALENDAR_SWEEP_MS: env.int(30_000, 100),
    /** Clock lengths by category × priority and per tier, warning ratio (see deadlines/deadline-policy.ts). */
    CASE_DEADLINE_POLICY: json(deadlinePolicyConfigSchema),
    /** Run the deadline scheduler in this process (every replica may; they share the work). */
    CASE_SCHEDULER_ENABLED: env.boolean(true),
    /** Clocks fired per transaction. */
    CASE_SCHEDULER_BATCH: env.int(500, 1),
    /** Longest sleep without a notification: a safety net, not the way due clocks are found. */
    CASE_SCHEDULER_MAX_IDLE_MS: env.int(60_000, 100),
    /** Weights of the composite score and of "basically satisfied" (see assessment/assessment-config.ts). */
    CASE_ASSESSMENT: json(assessmentConfigSchema),
    /** GRID_GRPC_ADDR (the registry): ResolveLocation on intake, ListDepartments to backfill routing. */
    ...grpcAddressSettings(calleesOf('case')),
    GRPC_DEADLINE_MS: env.int(3000, 50),
    /** Returns of one case at one tier before it escalates on its own. */
    CASE_RETURN_ESCALATION_THRESHOLD: env.int(2, 1),
    /** Possible duplicates: same category within this distance (metres) and this many hours. */
    CASE_DUPLICATE_RADIUS_M: env.int(200, 1),
    CASE_DUPLICATE_WINDOW_HOURS: env.int(72, 1),
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
