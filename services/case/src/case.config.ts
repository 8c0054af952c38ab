import { baseServiceConfig, env } from '@yiwang/platform';
import type { z } from 'zod';

export const caseConfigSchema = baseServiceConfig.extend({
  HTTP_PORT: env.port(3101),
  GRPC_PORT: env.port(50051),
});

export type CaseConfig = z.infer<typeof caseConfigSchema>;
