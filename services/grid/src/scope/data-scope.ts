import {
  DomainError,
  IdentityContext,
  pathWithin,
  scopeOf as scopePathOf,
  type Identity,
} from '@yiwang/platform';

/**
 * What the caller may see: a subtree of the administrative tree (null = the whole tree, for city-wide
 * roles and services) plus permissions. Every repository query takes one; there is no unscoped read.
 */
export interface DataScope {
  readonly path: string | null;
  readonly permissions: ReadonlySet<string>;
  readonly subject: string;
}

export const PERMISSIONS = {
  readPii: 'registry:read-pii',
  readSpecialPopulation: 'registry:read-special-population',
  write: 'registry:write',
  import: 'registry:import',
} as const;

/** The scope of the identity the gateway forwarded. No identity means no access (deny by default). */
export function currentScope(): DataScope {
  const identity = IdentityContext.current();
  if (!identity)
    throw new DomainError('unauthenticated', 'auth.missing_identity', 'No caller identity was forwarded');
  return scopeOf(identity);
}

/** The identity's subtree by the platform's one access rule (`scopeOf`), with its permissions. */
export function scopeOf(identity: Identity): DataScope {
  const permissions = new Set(identity.permissions);
  return { path: scopePathOf(identity), permissions, subject: identity.subject };
}

/** The scope for work the service does on its own account (imports from the CLI, event handlers). */
export const SYSTEM_SCOPE: DataScope = {
  path: null,
  permissions: new Set(Object.values(PERMISSIONS)),
  subject: 'system',
};

/** True when `path` is the scope's root or lies below it. */
export function pathInScope(scope: DataScope, path: string): boolean {
  return pathWithin(path, scope.path);
}
