import { Controller, Get, Inject } from '@nestjs/common';
import type { caseAssessmentV1 } from '@yiwang/contracts';
import { isCalendarDay } from '@yiwang/platform';
import { z } from 'zod';
import { RequirePermission } from '../auth/permission.guard.js';
import { ApiRoute, ValidQuery, named } from '../openapi/api-route.decorator.js';
import { listOf } from '../openapi/api-schemas.js';
import { ASSESSMENT_CLIENT, type AssessmentClient } from '../downstream/downstream.module.js';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day as YYYY-MM-DD')
  .refine(isCalendarDay, 'must be a day that exists on the calendar');
const code = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/, 'must be a unit or department code');

const assessmentQuery = z
  .object({
    unit: code.describe(
      'A department code, or a division (province, city and district rolled up from streets), community or grid code',
    ),
    from: day.describe('First local day (Asia/Shanghai) of dispatch, inclusive'),
    to: day.describe('Last local day of dispatch, inclusive'),
  })
  .strict();
const rankingsQuery = z
  .object({
    level: z.enum(['department', 'district', 'street', 'community', 'grid']),
    parent: code
      .optional()
      .describe(
        'Rank within this unit (city or province: everything under it; district, street or community)',
      ),
    from: day,
    to: day,
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();
const cardsQuery = z
  .object({
    unit: code.optional().describe('Cards addressed to this unit'),
    department: code.optional().describe('Cards addressed to this department'),
    caseId: z.string().uuid().optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

const rates = z.strictObject({
  response: z.number().nullable().describe('Accepted within the sign-off deadline / dispatched'),
  resolution: z.number().nullable().describe('Resolved / dispatched and due'),
  satisfaction: z
    .number()
    .nullable()
    .describe('(satisfied + w·basically satisfied) / rated; w = 1 unless configured'),
  onTime: z.number().nullable().describe('Resolved by the completion deadline / resolved'),
  score: z.number().nullable().describe('0–100, weighted 30/35/35 unless configured'),
});
const level = z.enum(['department', 'province', 'city', 'district', 'street', 'community', 'grid']);
const unitAssessment = named(
  'UnitAssessment',
  z.strictObject({
    level,
    unit: z.string(),
    parent: z.string().nullable(),
    counts: z.strictObject({
      dispatched: z.number().int(),
      acceptedOnTime: z.number().int(),
      due: z.number().int(),
      resolved: z.number().int(),
      resolvedOnTime: z.number().int(),
      rated: z.number().int(),
      satisfied: z.number().int(),
      basicallySatisfied: z.number().int(),
    }),
    rates,
    rank: z.number().int().optional(),
  }),
);
const card = named(
  'SupervisionCard',
  z.strictObject({
    id: z.string().uuid(),
    caseId: z.string().uuid(),
    card: z.enum(['notice', 'yellow', 'red']),
    origin: z.enum(['automatic', 'manual']),
    clock: z.string().nullable(),
    targetUnit: z.string().nullable(),
    departmentCode: z.string().nullable(),
    category: z.string(),
    dueAt: z.string().nullable(),
    issuedAt: z.string(),
    issuedBy: z.string(),
    reason: z.string().nullable(),
  }),
);

/**
 * Assessment figures per unit and period, rankings and 督办 cards. Needs `assessment:read`; the case
 * service answers only within the caller's data scope (unit subtree, or the caller's own department).
 */
@Controller('api/v1/assessment')
export class AssessmentHttpController {
  constructor(@Inject(ASSESSMENT_CLIENT) private readonly assessment: AssessmentClient) {}

  @Get()
  @RequirePermission('assessment:read')
  @ApiRoute({
    tag: 'assessment',
    summary: 'Response, resolution, satisfaction and on-time rates of a unit or department for a period',
    query: assessmentQuery,
    response: listOf(unitAssessment),
    errors: [403],
  })
  async get(@ValidQuery() q: z.output<typeof assessmentQuery>) {
    const result = await this.assessment.call('getAssessment', q);
    return { items: (result.assessments ?? []).map(toJson) };
  }

  @Get('rankings')
  @RequirePermission('assessment:read')
  @ApiRoute({
    tag: 'assessment',
    summary: 'Units of one level ranked by composite score within a parent unit',
    query: rankingsQuery,
    response: listOf(unitAssessment),
    errors: [403],
  })
  async rankings(@ValidQuery() q: z.output<typeof rankingsQuery>) {
    const result = await this.assessment.call('rankings', { ...q, parent: q.parent });
    return { items: (result.rankings ?? []).map(toJson) };
  }

  @Get('cards')
  @RequirePermission('assessment:read')
  @ApiRoute({
    tag: 'assessment',
    summary: '督办 supervision cards (automatic yellow/red, manual) by unit, department, case and period',
    query: cardsQuery,
    response: listOf(card),
    errors: [403],
  })
  async cards(@ValidQuery() q: z.output<typeof cardsQuery>) {
    const result = await this.assessment.call('listCards', {
      unit: q.unit,
      department: q.department,
      caseId: q.caseId,
      from: q.from,
      to: q.to,
      limit: q.limit,
    });
    return {
      items: (result.cards ?? []).map((c) => ({
        ...c,
        card: c.card as z.input<typeof card>['card'],
        origin: c.origin as z.input<typeof card>['origin'],
        clock: c.clock ?? null,
        targetUnit: c.targetUnit ?? null,
        departmentCode: c.departmentCode ?? null,
        dueAt: c.dueAt ?? null,
        reason: c.reason ?? null,
      })),
    };
  }
}

function toJson(entry: caseAssessmentV1.UnitAssessment): z.input<typeof unitAssessment> {
  const r = entry.rates;
  return {
    // The proto's words (department, street, community, grid); the response check holds it to them.
    level: entry.level as z.input<typeof level>,
    unit: entry.unit,
    parent: entry.parent ?? null,
    counts: entry.counts!,
    rates: {
      response: r?.response ?? null,
      resolution: r?.resolution ?? null,
      satisfaction: r?.satisfaction ?? null,
      onTime: r?.onTime ?? null,
      score: r?.score ?? null,
    },
    ...(entry.rank ? { rank: entry.rank } : {}),
  };
}
