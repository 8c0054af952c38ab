import { baseServiceConfig, env } from '@yiwang/platform';
import type { z } from 'zod';

export const partyOrgConfigSchema = baseServiceConfig.extend({
  HTTP_PORT: env.port(3103),
});

export type PartyOrgConfig = z.infer<typeof partyOrgConfigSchema>;
