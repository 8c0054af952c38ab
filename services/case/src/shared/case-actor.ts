import { DomainError, IdentityContext, scopeOf, segmentsWithin, type Identity } from '@yiwang/platform';

/** Who is acting on a case, as the transition records it: no names, only codes. */
export interface CaseActor {
  subject: string;
  role: string;
  /** The unit the actor acts for (the leaf of its scope path); null for services and city-wide admins. */
  unitCode: string | null;
  departmentCode: string | null;
  permissions: ReadonlySet<string>;
  /** Null: the whole tree (services, a city admin without a unit). */
  scopePath: string | null;
  service: boolean;
}

export function actorOf(identity: Identity): CaseActor {
  const service = identity.kind === 'service';
  const scopePath = scopeOf(identity);
  return {
    subject: identity.subject,
    role: identity.roles[0] ?? identity.kind,
    unitCode: scopePath ? scopePath.split('.').pop()! : null,
    departmentCode: identity.department ?? null,
    permissions: new Set(identity.permissions),
    scopePath,
    service,
  };
}

/** The current caller; no identity means no access (deny by default). */
export function currentActor(): CaseActor {
  const identity = IdentityContext.current();
  if (!identity)
    throw new DomainError('unauthenticated', 'auth.missing_identity', 'No caller identity was forwarded');
  return actorOf(identity);
}

export function hasPermission(actor: CaseActor, permission: string): boolean {
  return actor.service || actor.permissions.has(permission);
}

/** True when the unit (somewhere in the given path) lies in the actor's subtree. */
export function coversPath(actor: CaseActor, unitPath: readonly string[]): boolean {
  return segmentsWithin(unitPath, actor.scopePath);
}
