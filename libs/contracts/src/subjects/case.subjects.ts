import { z } from 'zod';
import { defineSubject } from './define-subject.js';
import { unitCode } from './common.schemas.js';

/** Case events carry the unit path for data scope, never a resident's personal data. */
export const CaseCreatedV1 = z
  .object({
    caseId: z.string().uuid(),
    category: z.string().min(1).max(64),
    channel: z.string().min(1).max(32),
    unitCode: unitCode,
    unitPath: z.array(unitCode).min(1),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .strict();

export const caseSubjects = {
  created: defineSubject('case.v1.created', CaseCreatedV1),
} as const;
