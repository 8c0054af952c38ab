import type { SubjectDefinition } from './define-subject.js';

export class ContractViolationError extends Error {
  constructor(
    readonly subject: string,
    readonly issues: string[],
  ) {
    super(`Payload for ${subject} breaks its contract: ${issues.join('; ')}`);
    this.name = 'ContractViolationError';
  }
}

/** Checks a payload against its subject's schema; returns the parsed value or throws ContractViolationError. */
export function checkPayload<T>(definition: SubjectDefinition, payload: unknown): T {
  const result = definition.schema.safeParse(payload);
  if (!result.success) {
    throw new ContractViolationError(
      definition.name,
      result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  return result.data as T;
}
