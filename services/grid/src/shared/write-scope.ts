import { DomainError } from '@yiwang/platform';
import { currentScope, PERMISSIONS, type DataScope } from '../scope/data-scope.js';

/** The caller's scope for a change to the registry: reading is not enough, it takes registry:write. */
export function writeScope(): DataScope {
  const scope = currentScope();
  if (!scope.permissions.has(PERMISSIONS.write)) {
    throw new DomainError(
      'forbidden',
      'registry.write_forbidden',
      'Changing the registry needs registry:write',
    );
  }
  return scope;
}
