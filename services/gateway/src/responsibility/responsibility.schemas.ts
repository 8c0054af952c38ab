import { CASE_CATEGORIES, DEPARTMENT_KINDS, type caseResponsibilityV1 as v1 } from '@yiwang/contracts';
import { z } from 'zod';
import { named } from '../openapi/api-route.decorator.js';

/** Request and answer shapes of the 权责清单 routes: validation and the OpenAPI document in one place. */
const LEVELS = ['district', 'street', 'community'] as const;
const LEVEL_NAMES: Record<string, string> = { district: '区', street: '街道', community: '社区' };
const version = z.coerce.number().int().min(1).max(1_000_000);
const hours = z.number().positive().max(10_000).describe('Completion deadline (限时办结) in working hours');

export const versionParams = z.object({ version }).strict();
export const diffQuery = z
  .object({
    from: version.describe('The version to compare from'),
    to: version.describe('The version to compare to'),
  })
  .strict();

const entryInput = z
  .object({
    category: z.enum(Object.keys(CASE_CATEGORIES) as [string, ...string[]]),
    level: z.enum(LEVELS),
    departmentKind: z.enum(Object.keys(DEPARTMENT_KINDS) as [string, ...string[]]),
    deadlineWorkingHours: hours,
  })
  .strict();
export const createBody = z
  .object({
    entries: z
      .array(entryInput)
      .min(1)
      .max(Object.keys(CASE_CATEGORIES).length * LEVELS.length)
      .describe('The whole list of the new version, each category × level once'),
    reason: z.string().trim().min(1).max(500).describe('Why the list changes (the notice, the decision)'),
    basedOn: version.optional().describe('The version it was edited from'),
    activate: z.boolean().default(false).describe('Make it the active version at once'),
    activationReason: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .optional()
      .describe('Why it is made active at once (with activate; the reason above when left out)'),
  })
  .strict();
export const activateBody = z
  .object({
    reason: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .describe('Why this version becomes the one cases are routed under (kept with the activation)'),
  })
  .strict();
export const versionsQuery = z
  .object({
    district: z
      .string()
      .regex(/^[0-9]{6}$/, 'a 6-digit district code')
      .optional()
      .describe('Count only this district’s cases in caseCount'),
  })
  .strict();

export const entry = named(
  'ResponsibilityEntry',
  z.strictObject({
    category: z.string(),
    categoryName: z.string().describe('Chinese name of the category'),
    level: z.enum(LEVELS),
    levelName: z.string(),
    departmentKind: z.string(),
    departmentKindName: z.string().describe('Chinese name of the department kind'),
    deadlineWorkingHours: z.number(),
  }),
);
export const versionSummary = named(
  'ResponsibilityVersionSummary',
  z.strictObject({
    version: z.number().int(),
    active: z.boolean(),
    basedOn: z.number().int().nullable(),
    reason: z.string(),
    createdBy: z.string(),
    createdByName: z.string().nullable(),
    createdAt: z.string(),
    activatedBy: z.string().nullable(),
    activatedByName: z.string().nullable(),
    activatedAt: z.string().nullable().describe('The last time it was made active; null: never'),
    activationReason: z.string().nullable().describe('Why it was last made active; null: never'),
    entryCount: z.number().int(),
    caseCount: z.number().int().describe('Cases routed under this version'),
  }),
);
export const activation = named(
  'ResponsibilityActivation',
  z.strictObject({
    reason: z.string(),
    activatedBy: z.string(),
    activatedByName: z.string().nullable(),
    activatedAt: z.string(),
    previousVersion: z.number().int().nullable().describe('The version it replaced; null: none'),
  }),
);
export const versionsAnswer = z.strictObject({
  activeVersion: z.number().int(),
  items: z.array(versionSummary),
  departmentKinds: z
    .array(z.strictObject({ code: z.string(), nameZh: z.string(), nameEn: z.string() }))
    .describe('The department kinds a line can name (for an editor)'),
});
export const departmentKinds = () =>
  Object.entries(DEPARTMENT_KINDS).map(([code, k]) => ({ code, nameZh: k.zh, nameEn: k.en }));
export const versionDetail = named(
  'ResponsibilityVersion',
  versionSummary
    .extend({
      entries: z.array(entry),
      activations: z.array(activation).describe('Every time it was made active, newest first'),
    })
    .strict(),
);
const side = z.strictObject({
  departmentKind: z.string(),
  departmentKindName: z.string(),
  deadlineWorkingHours: z.number(),
});
export const change = named(
  'ResponsibilityChange',
  z.strictObject({
    category: z.string(),
    categoryName: z.string(),
    level: z.enum(LEVELS),
    levelName: z.string(),
    change: z.enum(['added', 'removed', 'changed']),
    before: side.nullable(),
    after: side.nullable(),
  }),
);
export const diffAnswer = named(
  'ResponsibilityDiff',
  z.strictObject({
    from: z.number().int(),
    to: z.number().int(),
    added: z.number().int(),
    removed: z.number().int(),
    changed: z.number().int(),
    unchanged: z.number().int(),
    items: z.array(change),
  }),
);

const orNull = (value: string | undefined) => value || null;
const categoryName = (code: string) => (CASE_CATEGORIES as Record<string, { zh: string }>)[code]?.zh ?? code;
const kindName = (code: string) => (DEPARTMENT_KINDS as Record<string, { zh: string }>)[code]?.zh ?? code;
type Level = (typeof LEVELS)[number];

export function presentVersion(v: v1.ResponsibilityVersion): z.input<typeof versionSummary> {
  return {
    version: v.version,
    active: v.active,
    basedOn: v.basedOn ?? null,
    reason: v.reason,
    createdBy: v.createdBy,
    createdByName: orNull(v.createdByName),
    createdAt: v.createdAt,
    activatedBy: orNull(v.activatedBy),
    activatedByName: orNull(v.activatedByName),
    activatedAt: orNull(v.activatedAt),
    activationReason: orNull(v.activationReason),
    entryCount: v.entryCount,
    caseCount: v.caseCount,
  };
}

export function presentDetail(v: v1.ResponsibilityVersion): z.input<typeof versionDetail> {
  return {
    ...presentVersion(v),
    entries: (v.entries ?? []).map((e) => ({
      category: e.category,
      categoryName: categoryName(e.category),
      level: e.level as Level,
      levelName: LEVEL_NAMES[e.level] ?? e.level,
      departmentKind: e.departmentKind,
      departmentKindName: kindName(e.departmentKind),
      deadlineWorkingHours: e.deadlineWorkingHours,
    })),
    activations: (v.activations ?? []).map((a) => ({
      reason: a.reason,
      activatedBy: a.activatedBy,
      activatedByName: orNull(a.activatedByName),
      activatedAt: a.activatedAt,
      previousVersion: a.previousVersion || null,
    })),
  };
}

export function presentDiff(d: v1.ResponsibilityServiceDiffVersionsResponse): z.input<typeof diffAnswer> {
  const sideOf = (kind: string | undefined, hoursOf: number | undefined) =>
    kind === undefined
      ? null
      : { departmentKind: kind, departmentKindName: kindName(kind), deadlineWorkingHours: hoursOf ?? 0 };
  return {
    from: d.fromVersion,
    to: d.toVersion,
    added: d.added,
    removed: d.removed,
    changed: d.changed,
    unchanged: d.unchanged,
    items: (d.changes ?? []).map((c) => ({
      category: c.category,
      categoryName: categoryName(c.category),
      level: c.level as Level,
      levelName: LEVEL_NAMES[c.level] ?? c.level,
      change: c.change as 'added' | 'removed' | 'changed',
      before: sideOf(c.beforeDepartmentKind, c.beforeDeadlineWorkingHours),
      after: sideOf(c.afterDepartmentKind, c.afterDeadlineWorkingHours),
    })),
  };
}
