import { baseServiceConfig, env } from '@yiwang/platform';
import { z } from 'zod';

const health = (port: number) => env.url(['http', 'https']).default(`http://127.0.0.1:${port}/health/ready`);

export const gatewayConfigSchema = baseServiceConfig.extend({
  HTTP_PORT: env.port(3000),
  CASE_GRPC_ADDR: env.address().default('127.0.0.1:50051'),
  GRID_GRPC_ADDR: env.address().default('127.0.0.1:50052'),
  GRPC_DEADLINE_MS: env.int(5000, 50),
  CASE_HEALTH_URL: health(3101),
  GRID_HEALTH_URL: health(3102),
  PARTY_ORG_HEALTH_URL: health(3103),
  VOLUNTEER_HEALTH_URL: health(3104),
  FUNDING_HEALTH_URL: health(3105),
  BODY_LIMIT: z
    .string()
    .regex(/^[0-9]+(b|kb|mb)$/, 'a size such as 1mb or 256kb')
    .default('1mb'),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
