import { CASE_ACTIONS } from '@yiwang/contracts';
import { z } from 'zod';
import { isCalendarDay } from '@yiwang/platform';

/** The lifecycle actions (see docs/case-lifecycle.md); the case service checks each one's own needs. */
export const CASE_ACTION_NAMES = CASE_ACTIONS;

const department = z.string().min(1).max(40);

export const caseActionBody = z
  .object({
    action: z.enum(CASE_ACTION_NAMES),
    reason: z.string().max(1000).optional(),
    departmentCode: department.optional(),
    decision: z.enum(['uphold', 'reject']).optional(),
    result: z.string().max(10_000).optional(),
    evidenceIds: z.array(z.string().min(1).max(100)).max(20).optional(),
    rating: z.enum(['satisfied', 'basically_satisfied', 'dissatisfied']).optional(),
    comment: z.string().max(1000).optional(),
    closeReason: z.enum(['resolved', 'invalid', 'duplicate']).optional(),
    extendWorkingHours: z.number().int().min(1).max(720).optional(),
    intoCaseId: z.string().uuid().optional(),
    subtaskId: z.string().uuid().optional(),
    targetUnit: z.string().min(1).max(40).optional(),
    coHandlers: z
      .array(
        z
          .object({
            departmentCode: department,
            task: z.string().min(1).max(500),
            deadlineWorkingHours: z.number().int().min(1).max(720),
          })
          .strict(),
      )
      .max(10)
      .optional(),
  })
  .strict();

export const ifMatchHeaders = z.object({
  'If-Match': z
    .string()
    .regex(/^(W\/)?"[0-9]{1,9}"$/, 'must be an ETag from GET /api/v1/cases/{id}')
    .optional()
    .describe('The ETag of the case as read: the action fails with 412 when the case changed since'),
});

export const listCasesQuery = z
  .object({
    state: z
      .string()
      .regex(/^[a-z_]{1,32}(,[a-z_]{1,32}){0,9}$/, 'a state, or states separated by commas')
      .optional()
      .describe('One lifecycle state, or several separated by commas'),
    category: z.string().max(64).optional(),
    channel: z.string().max(32).optional(),
    unit: z
      .string()
      .regex(/^[0-9]{2,12}(-[A-Za-z0-9]{1,16})*$/, 'a division or grid code')
      .optional(),
    department: z.string().max(40).optional(),
    overdue: z.enum(['true', 'false']).optional(),
    q: z.string().max(100).optional().describe('Words the title contains'),
    idPrefix: z
      .string()
      .regex(/^[0-9A-Fa-f-]{4,36}$/, 'the start of a case id (hex digits)')
      .optional()
      .describe('The short id shown on screen: cases whose id starts with it'),
    open: z.enum(['true', 'false']).optional().describe('true: only cases not closed and not merged'),
    alert: z
      .enum(['warning', 'overdue_or_warning'])
      .optional()
      .describe('warning: a running clock past its warning time, not overdue; overdue_or_warning: either'),
    supervised: z.enum(['true', 'false']).optional().describe('true: cases pressed by a supervisor (督办)'),
    sort: z
      .enum(['newest', 'oldest', 'deadline'])
      .optional()
      .describe('newest (default), oldest, or deadline: earliest running clock first, none last'),
    withTotal: z.enum(['true', 'false']).optional().describe('true: also count every matching case'),
    after: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
  })
  .strict();

export const caseCountsQuery = z
  .object({
    unit: z
      .string()
      .regex(/^[0-9]{2,12}(-[A-Za-z0-9]{1,16})*$/, 'a division or grid code')
      .describe('Cases in this unit subtree (within the caller scope)'),
    day: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day as YYYY-MM-DD')
      .refine(isCalendarDay, 'must be a day that exists on the calendar')
      .optional()
      .describe('The local day whose intake counts (default: today, Asia/Shanghai)'),
  })
  .strict();

export const etagOf = (version: number): string => `"${version}"`;

export function versionOfIfMatch(value: string | undefined): number | undefined {
  if (!value) return undefined;
  return Number(/"([0-9]+)"/.exec(value)![1]);
}
