import type { SubjectDefinition } from './define-subject.js';
import { caseSubjects } from './case.subjects.js';

/** The one registry of NATS subjects. Add a domain here and it gets its stream declared at start. */
export const subjects = {
  case: caseSubjects,
} as const;

export const allSubjects: readonly SubjectDefinition[] = Object.values(subjects).flatMap((group) =>
  Object.values(group as Record<string, SubjectDefinition>),
);

const byName = new Map(allSubjects.map((s) => [s.name, s]));

export function findSubject(name: string): SubjectDefinition | undefined {
  return byName.get(name);
}

/** Streams: one per domain, plus the dead-letter stream. */
export interface StreamDefinition {
  readonly name: string;
  readonly subjects: string[];
}

export const DEAD_LETTER_STREAM = 'DLQ';
export const deadLetterSubject = (consumer: string): string => `dlq.${consumer}`;

export const streams: readonly StreamDefinition[] = [
  ...new Set(['case', 'registry', 'party', 'volunteer', 'funding']),
]
  .map((domain) => ({ name: domain.toUpperCase(), subjects: [`${domain}.>`] }))
  .concat([{ name: DEAD_LETTER_STREAM, subjects: ['dlq.>'] }]);
