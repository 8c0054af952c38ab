import type { caseV1 } from '@yiwang/contracts';
import { z } from 'zod';
import { named } from '../openapi/api-route.decorator.js';
import { listOf, pageOf } from '../openapi/api-schemas.js';
import { protoMessage } from '../openapi/proto-schema.js';

const absent = <T extends z.ZodType>(schema: T) => schema.nullable();
const geoPoint = named('GeoPoint', protoMessage<caseV1.GeoPoint>('yiwang.case.v1.GeoPoint'));

export const clockView = named(
  'CaseClock',
  protoMessage<caseV1.Clock>('yiwang.case.v1.Clock').extend({
    warnAt: absent(z.string()),
    stoppedAt: absent(z.string()),
  }),
);

/** A case as the HTTP API shows it: absent values are null. */
export const caseView = named(
  'Case',
  protoMessage<caseV1.Case>('yiwang.case.v1.Case')
    .omit({ attributesJson: true })
    .extend({
      departmentCode: absent(z.string()).describe('The department responsible (the lead in joint handling)'),
      pendingRequest: absent(z.string()).describe('suspension, extension or unreasonable while waiting'),
      result: absent(z.string()),
      rating: absent(z.string()),
      closeReason: absent(z.string()),
      mergedInto: absent(z.string()),
      routingVersion: absent(z.string()),
      responsibilityVersion: absent(z.number().int()).describe(
        'The 权责清单 version the case was routed under (kept when a newer one is activated)',
      ),
      location: absent(geoPoint),
      nextDeadline: absent(clockView).describe(
        'The earliest running deadline clock (in lists and the detail; null elsewhere or when none runs)',
      ),
      address: absent(z.string()).describe('The street address the reporter gave'),
      attributes: absent(z.record(z.string(), z.unknown())).describe(
        "Answers to the category's extra questions (attribute code → answer)",
      ),
      completionDueAt: absent(z.string()).describe('When the completion deadline falls, once dispatched'),
      publicAttachmentId: absent(z.string()).describe("The reporter's first image: public on Open311"),
    }),
);

export const transitionView = named(
  'CaseTransition',
  protoMessage<caseV1.Transition>('yiwang.case.v1.Transition')
    .omit({ detailsJson: true })
    .extend({
      event: absent(z.string()).describe('The case.v1 event published with it'),
      fromState: absent(z.string()),
      actorUnitCode: absent(z.string()),
      actorDepartmentCode: absent(z.string()),
      reason: absent(z.string()),
      details: z.record(z.string(), z.unknown()).describe('Transition facts (codes, numbers, timestamps)'),
    }),
);

export const subtaskView = named(
  'Subtask',
  protoMessage<caseV1.Subtask>('yiwang.case.v1.Subtask').extend({
    result: absent(z.string()),
    completedAt: absent(z.string()),
  }),
);

export const caseDetailView = named(
  'CaseDetail',
  caseView.extend({
    timeline: z.array(transitionView),
    subtasks: z.array(subtaskView),
    mergedFrom: z.array(z.string()).describe('Cases merged into this one'),
    clocks: z.array(clockView).describe('Every deadline clock of the case, earliest due first'),
  }),
);

export const createdCaseView = named(
  'CreatedCase',
  caseView.extend({
    possibleDuplicates: z.array(
      named(
        'DuplicateCandidate',
        protoMessage<caseV1.DuplicateCandidate>('yiwang.case.v1.DuplicateCandidate'),
      ),
    ),
  }),
);

export const casePage = pageOf(caseView).extend({
  total: z
    .number()
    .int()
    .optional()
    .describe('Every case matching the filters (present when withTotal=true was asked)'),
});

export const categoriesView = listOf(
  named('CaseCategory', protoMessage<caseV1.Category>('yiwang.case.v1.Category')),
).extend({ routingVersion: absent(z.string()).describe('The responsibility list version routing uses') });

export function presentCase(c: caseV1.Case): z.input<typeof caseView> {
  const { attributesJson, ...rest } = c;
  return {
    ...rest,
    departmentCode: c.departmentCode ?? null,
    pendingRequest: c.pendingRequest ?? null,
    result: c.result ?? null,
    rating: c.rating ?? null,
    closeReason: c.closeReason ?? null,
    mergedInto: c.mergedInto ?? null,
    routingVersion: c.routingVersion ?? null,
    responsibilityVersion: c.responsibilityVersion ?? null,
    location: c.location ?? null,
    address: c.address ?? null,
    attributes: attributesJson ? (JSON.parse(attributesJson) as Record<string, unknown>) : null,
    completionDueAt: c.completionDueAt ?? null,
    publicAttachmentId: c.publicAttachmentId ?? null,
    nextDeadline: c.nextDeadline ? presentClock(c.nextDeadline) : null,
  };
}

export function presentClock(k: caseV1.Clock): z.input<typeof clockView> {
  return { ...k, warnAt: k.warnAt ?? null, stoppedAt: k.stoppedAt ?? null };
}

const load = named(
  'CaseLoad',
  z.strictObject({
    unit: z.string(),
    intake: z.number().int().describe('Cases created on the day'),
    open: z.number().int().describe('Cases not closed'),
    overdue: z.number().int().describe('Open cases past a deadline'),
  }),
);

export const caseCountsView = named(
  'CaseCounts',
  z.strictObject({
    day: z.string().describe('The local day (Asia/Shanghai) intake is counted for'),
    total: load,
    children: z
      .array(load)
      .describe('Per unit one level below (streets of a district, communities of a street …)'),
    grids: z.array(load).describe('Per grid in the subtree'),
  }),
);

export function presentTransition(t: caseV1.Transition): z.input<typeof transitionView> {
  const { detailsJson, ...rest } = t;
  return {
    ...rest,
    event: t.event ?? null,
    fromState: t.fromState ?? null,
    actorUnitCode: t.actorUnitCode ?? null,
    actorDepartmentCode: t.actorDepartmentCode ?? null,
    reason: t.reason ?? null,
    details: JSON.parse(detailsJson || '{}') as Record<string, unknown>,
  };
}

export function presentSubtask(s: caseV1.Subtask): z.input<typeof subtaskView> {
  return { ...s, result: s.result ?? null, completedAt: s.completedAt ?? null };
}
