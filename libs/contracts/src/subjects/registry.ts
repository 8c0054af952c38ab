import { streamOf, type SubjectDefinition } from './define-subject.js';
import { calendarSubjects } from './calendar.subjects.js';
import { caseSubjects } from './case.subjects.js';
import { registrySubjects } from './registry.subjects.js';
import { eventDomains } from '../catalogue/services.js';

/** The one registry of NATS subjects. Add a domain here and it gets its stream declared at start. */
export const subjects = {
  case: caseSubjects,
  registry: registrySubjects,
  calendar: calendarSubjects,
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

/**
 * The domains that publish events, from the service catalogue (each service declares the streams it owns);
 * each gets a stream named after it (`party-org` → `PARTY_ORG`).
 */
export const EVENT_DOMAINS: readonly string[] = eventDomains;

export const streams: readonly StreamDefinition[] = [
  ...EVENT_DOMAINS.map((domain) => ({ name: streamOf(`${domain}.v1.x`), subjects: [`${domain}.>`] })),
  { name: DEAD_LETTER_STREAM, subjects: ['dlq.>'] },
];
