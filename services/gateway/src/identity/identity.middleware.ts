import type { NextFunction, Request, Response } from 'express';
import { IdentityContext, type Identity } from '@yiwang/platform';

/**
 * Placeholder until the gateway identity issue: every request acts as an anonymous caller with no scope.
 * Real authentication (OIDC, built-in IdP, API keys) replaces this middleware, not its callers.
 */
const anonymous: Identity = {
  subject: 'anonymous',
  roles: [],
  permissions: [],
  scopePath: null,
  department: null,
  kind: 'user',
};

export function identityMiddleware(_request: Request, _response: Response, next: NextFunction): void {
  IdentityContext.run(anonymous, () => next());
}
