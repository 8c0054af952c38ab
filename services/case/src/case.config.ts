import { baseServiceConfig, env } from '@yiwang/platform';
import type { z } from 'zod';

export const caseConfigSchema = baseServiceConfig.extend({
  HTTP_PORT: env.port(3101),
  GRPC_PORT: env.port(50051),
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
