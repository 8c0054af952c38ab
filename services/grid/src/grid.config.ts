import { baseServiceConfig, env } from '@yiwang/platform';
import { z } from 'zod';

export const gridConfigSchema = baseServiceConfig.extend({
  HTTP_PORT: env.port(3102),
  GRPC_PORT: env.port(50052),
  /** Encryption keys for personal data, `id:base64(32 bytes)` comma-separated; old ids stay for reading. */
  REGISTRY_PII_KEYS: z
    .string()
    .regex(
      /^[A-Za-z0-9_-]+:[A-Za-z0-9+/=_-]+(,[A-Za-z0-9_-]+:[A-Za-z0-9+/=_-]+)*$/,
      'id:base64key[,id:base64key…]',
    ),
  /** The key id new values are encrypted under. */
  REGISTRY_PII_ACTIVE_KEY: z.string().regex(/^[A-Za-z0-9_-]+$/, 'a key id from REGISTRY_PII_KEYS'),
  /** Key of the keyed hashes used for exact lookup by ID number or phone (base64, ≥ 32 bytes). */
  REGISTRY_HMAC_KEY: z.string().min(43, 'base64 of at least 32 bytes'),
  /** Radius of the "15-minute service circle" around a service site. */
  SERVICE_CIRCLE_METERS: env.int(1000, 50),
});

export type GridConfig = z.infer<typeof gridConfigSchema>;
