import {
  CaseCreatedV1,
  CaseTransitionV1,
  checkPayload,
  findSubject,
  type SubjectDefinition,
} from '@yiwang/contracts';
import { z } from 'zod';
import type { ScopedEvent } from './event-scope.js';

/**
 * Every case event as one consumer's subject (NATS 2.9: one filter subject per consumer, `case.v1.>` is
 * one). The handler gets the concrete subject in its context and checks the payload against it.
 */
export const caseEventsDefinition: SubjectDefinition = {
  name: 'case.v1.>',
  stream: 'CASE',
  schema: z.union([CaseTransitionV1, CaseCreatedV1]),
};

export type CaseEvent = ScopedEvent & Record<string, unknown>;

/** The payload checked against its own subject's contract; null for a subject this build does not know. */
export function parseCaseEvent(subject: string, payload: unknown): CaseEvent | null {
  const definition = findSubject(subject);
  if (!definition || !subject.startsWith('case.v1.')) return null;
  return checkPayload<CaseEvent>(definition, payload);
}

/** The JSON every receiver gets (webhooks and the event stream alike). */
export function envelope(id: string, type: string, data: unknown): string {
  return JSON.stringify({ id, type, data });
}
