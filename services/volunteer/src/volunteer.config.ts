import { baseServiceConfig, env } from '@yiwang/platform';
import type { z } from 'zod';

export const volunteerConfigSchema = baseServiceConfig.extend({
  HTTP_PORT: env.port(3104),
});

export type VolunteerConfig = z.infer<typeof volunteerConfigSchema>;
