import { AsyncLocalStorage } from 'node:async_hooks';
import { z } from 'zod';

/**
 * Who is acting: the gateway authenticates and forwards this to services in gRPC metadata and NATS headers
 * (`x-yiwang-identity`, base64url JSON). Services enforce scope again in their repositories.
 */
export const identitySchema = z.object({
  subject: z.string().min(1),
  roles: z.array(z.string()),
  permissions: z.array(z.string()).default([]),
  /** Materialized path of the administrative subtree the caller may see, e.g. `44.4401.440106`. */
  scopePath: z.string().nullable(),
  department: z.string().nullable().default(null),
  /** A departmental system or another service rather than a person. */
  kind: z.enum(['user', 'client', 'service']).default('user'),
});

export type Identity = z.infer<typeof identitySchema>;

export const IDENTITY_HEADER = 'x-yiwang-identity';

export function encodeIdentity(identity: Identity): string {
  return Buffer.from(JSON.stringify(identity)).toString('base64url');
}

export function decodeIdentity(value: string | undefined | null): Identity | null {
  if (!value) return null;
  try {
    const parsed = identitySchema.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The identity for work a service does on its own account (relays, consumers, timers). */
export function serviceIdentity(service: string): Identity {
  return {
    subject: `service:${service}`,
    roles: ['service'],
    permissions: [],
    scopePath: null,
    department: null,
    kind: 'service',
  };
}

const storage = new AsyncLocalStorage<Identity>();

export const IdentityContext = {
  run<T>(identity: Identity | null, fn: () => T): T {
    return identity ? storage.run(identity, fn) : fn();
  },
  current(): Identity | null {
    return storage.getStore() ?? null;
  },
};
