import { baseServiceConfig, env } from '@yiwang/platform';
import type { z } from 'zod';

export const fundingConfigSchema = baseServiceConfig.extend({
  HTTP_PORT: env.port(3105),
});

export type FundingConfig = z.infer<typeof fundingConfigSchema>;
