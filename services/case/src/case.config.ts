import { baseServiceConfig, env } from '@yiwang/platform';
import { z } from 'zod';
import { assessmentConfigSchema } from './assessment/assessment-config.js';
import { calendarConfigSchema } from './calendar/calendar-registry.js';
import { deadlinePolicyConfigSchema } from './deadlines/deadline-policy.js';

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

export const caseConfigSchema = baseServiceConfig.extend({
  HTTP_PORT: env.port(3101),
  GRPC_PORT: env.port(50051),
  /** Working hours, zone and per-city holiday overrides (see calendar/calendar-registry.ts). */
  CASE_CALENDAR: json(calendarConfigSchema),
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
  /** The registry (grid service): ResolveLocation on intake, ListDepartments to backfill routing. */
  GRID_GRPC_ADDR: env.address().default('127.0.0.1:50052'),
  GRPC_DEADLINE_MS: env.int(3000, 50),
  /** Returns of one case at one tier before it escalates on its own. */
  CASE_RETURN_ESCALATION_THRESHOLD: env.int(2, 1),
  /** Possible duplicates: same category within this distance (metres) and this many hours. */
  CASE_DUPLICATE_RADIUS_M: env.int(200, 1),
  CASE_DUPLICATE_WINDOW_HOURS: env.int(72, 1),
});

export type CaseConfig = z.infer<typeof caseConfigSchema>;
