import { z } from 'zod';

/**
 * Each service declares its environment as a zod object; loadConfig validates it at boot. A missing or
 * invalid variable raises ConfigError naming every bad variable, and runService exits non-zero with it.
 */
export class ConfigError extends Error {
  constructor(readonly problems: readonly { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig<S extends z.ZodObject>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  // Empty strings count as unset, as in most twelve-factor setups.
  const input = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(environment)'),
        message:
          issue.code === 'invalid_type' && issue.input === undefined
            ? 'is required but not set'
            : issue.message,
      })),
    );
  }
  return result.data;
}

const booleanWords = ['true', 'false', '1', '0', 'yes', 'no'] as const;
const toBoolean = (v: (typeof booleanWords)[number]) => v === 'true' || v === '1' || v === 'yes';

export const env = {
  port: (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback),
  url: (protocols: string[]) =>
    z.string().refine(
      (v) => {
        try {
          return protocols.includes(new URL(v).protocol.replace(':', ''));
        } catch {
          return false;
        }
      },
      `must be a URL with scheme ${protocols.join(' or ')}`,
    ),
  boolean: (fallback: boolean) =>
    z
      .enum(booleanWords)
      .default(fallback ? 'true' : 'false')
      .transform(toBoolean),
  int: (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback),
  /** host:port for gRPC targets. */
  address: () => z.string().regex(/^[A-Za-z0-9.\-_[\]:]+:[0-9]{1,5}$/, 'must be host:port'),
};

/** Variables every service reads. Services extend this with their own. */
export const baseServiceConfig = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HTTP_PORT: env.port(3000),
  DATABASE_URL: env.url(['postgres', 'postgresql']),
  DATABASE_POOL_SIZE: env.int(10, 1),
  NATS_URL: env.url(['nats', 'tls']),
  /** Prefix for every subject and stream; tests use it to give each worker its own namespace. */
  NATS_PREFIX: z
    .string()
    .regex(/^[a-z0-9_]*$/, 'lower-case letters, digits and _ only')
    .default(''),
  /** JetStream replicas for the streams this service declares: 3 on a production cluster. */
  NATS_STREAM_REPLICAS: z.coerce
    .number()
    .int()
    .refine((n) => [1, 3, 5].includes(n), 'must be 1, 3 or 5')
    .default(1),
  MIGRATIONS_RUN: env.boolean(true),
  SHUTDOWN_TIMEOUT_MS: env.int(15_000, 100),
  OTEL_EXPORTER_OTLP_ENDPOINT: env.url(['http', 'https']).optional(),
});

export type BaseServiceConfig = z.infer<typeof baseServiceConfig>;
