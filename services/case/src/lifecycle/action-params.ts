import type { caseV1 } from '@yiwang/contracts';
import { z } from 'zod';
import type { CaseAction } from './case-state-machine.js';
import { CaseLifecycleErrors } from './case-lifecycle.errors.js';

export type RawActionParams = Omit<caseV1.PerformActionRequest, 'caseId' | 'action' | 'expectedVersion'>;

const reason = z.string().trim().min(1, 'is required').max(1000);
const optionalReason = reason.optional();
const department = z.string().min(1).max(40);
const workingHours = z.number().int().min(1).max(720);

const plain = z.object({ reason: optionalReason });

/** Each action's own body: what it needs, checked before anything else (400 names the field). */
export const ACTION_PARAMS = {
  register: plain,
  dispatch: z.object({ departmentCode: department.optional(), reason: optionalReason }),
  accept: plain,
  return: z.object({ reason }),
  'arbitrate-return': z.object({
    decision: z.enum(['uphold', 'reject']),
    departmentCode: department.optional(),
    reason: optionalReason,
  }),
  start: plain,
  resolve: z.object({
    result: z.string().trim().min(1, 'is required').max(10_000),
    evidenceIds: z.array(z.string().min(1).max(100)).max(20).default([]),
    reason: optionalReason,
  }),
  rate: z.object({
    rating: z.enum(['satisfied', 'basically_satisfied', 'dissatisfied']),
    comment: z.string().max(1000).optional(),
    /** Taken as the comment when no comment is given. */
    reason: optionalReason,
  }),
  close: z
    .object({ closeReason: z.enum(['resolved', 'invalid', 'duplicate']).optional(), reason: optionalReason })
    .refine((p) => p.closeReason === undefined || p.closeReason === 'resolved' || p.reason, {
      path: ['reason'],
      message: 'is required when closing as invalid or duplicate',
    }),
  'request-suspension': z.object({ reason }),
  'approve-suspension': plain,
  reject: plain,
  resume: plain,
  'request-extension': z.object({ extendWorkingHours: workingHours, reason }),
  'approve-extension': plain,
  escalate: z.object({ reason }),
  summon: z.object({
    /** The lead; by default the department already holding the case, else the one routing names. */
    departmentCode: department.optional(),
    coHandlers: z
      .array(
        z.object({
          departmentCode: department,
          task: z.string().trim().min(1, 'is required').max(500),
          deadlineWorkingHours: workingHours,
        }),
      )
      .min(1, 'needs at least one co-handling department')
      .max(10),
    reason: optionalReason,
  }),
  'complete-subtask': z.object({
    subtaskId: z.string().uuid(),
    result: z.string().trim().min(1, 'is required').max(10_000),
  }),
  supervise: z.object({ reason, targetUnit: z.string().min(1).max(40).optional() }),
  merge: z.object({ intoCaseId: z.string().uuid(), reason: optionalReason }),
  'request-unreasonable': z.object({ reason }),
  'approve-unreasonable': plain,
  appeal: z.object({ reason }),
} satisfies Record<CaseAction, z.ZodType>;

export type ActionParams<A extends CaseAction> = z.infer<(typeof ACTION_PARAMS)[A]>;

/** Blank strings and empty lists count as absent: an HTTP body may carry `"reason": ""` for a field it does not use. */
export function parseActionParams<A extends CaseAction>(action: A, raw: RawActionParams): ActionParams<A> {
  const cleaned: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === '' || value === undefined || value === null) continue;
    if (Array.isArray(value) && value.length === 0 && key !== 'evidenceIds') continue;
    cleaned[key] = value;
  }
  const result = ACTION_PARAMS[action].safeParse(cleaned);
  if (!result.success) {
    throw CaseLifecycleErrors.invalidAction(
      result.error.issues.map((issue) => ({
        field: issue.path.map(String).join('.') || 'body',
        message: issue.message,
      })),
    );
  }
  return result.data as ActionParams<A>;
}
