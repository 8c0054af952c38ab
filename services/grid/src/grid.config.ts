import { baseServiceConfig, env } from '@yiwang/platform';
import type { z } from 'zod';

export const gridConfigSchema = baseServiceConfig.extend({
  HTTP_PORT: env.port(3102),
  GRPC_PORT: env.port(50052),
});

export type GridConfig = z.infer<typeof gridConfigSchema>;
