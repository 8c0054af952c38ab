import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  checkAttributeAnswers,
  subjects,
  unitCode as unitCodeSchema,
  type AttributeAnswers,
} from '@yiwang/contracts';
import { DomainError, OutboxWriter, logger, type ErrorDetail } from '@yiwang/platform';
import { DataSource } from 'typeorm';
import { DuplicateFinderService, type DuplicateCandidate } from '../duplicates/duplicate-finder.service.js';
import { CaseLifecycleRepository } from '../lifecycle/case-lifecycle.repository.js';
import { tierOfPath } from '../lifecycle/case-state-machine.js';
import { CaseTransitionEntity } from '../lifecycle/case-transition.entity.js';
import { coversPath, currentActor } from '../shared/case-actor.js';
import { CASE_CHANNELS } from './case-channels.js';
import { CaseIntakeErrors } from './case-intake.errors.js';
import { CaseLocationService } from './case-location.service.js';
import { CaseRepository } from './case.repository.js';
import type { CaseEntity, CasePriority } from './case.entity.js';

export interface CreateCaseInput {
  title: string;
  description: string;
  category: string;
  channel: string;
  unitCode?: string;
  location?: { lat: number; lng: number };
  idempotencyKey?: string;
  priority?: string;
  address?: string;
  /** JSON object: attribute code → answer (see CATEGORY_ATTRIBUTES). */
  attributesJson?: string;
}

export interface CreateCaseResult {
  record: CaseEntity;
  replayed: boolean;
  duplicates: DuplicateCandidate[];
}

const PRIORITIES = ['normal', 'urgent', 'emergency'] as const;

@Injectable()
export class CaseIntakeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CaseRepository,
    private readonly lifecycle: CaseLifecycleRepository,
    private readonly outbox: OutboxWriter,
    private readonly location: CaseLocationService,
    private readonly duplicates: DuplicateFinderService,
  ) {}

  /** Stores the case, its first timeline step and `case.v1.created` in one transaction; a repeated key replays. */
  async create(input: CreateCaseInput): Promise<CreateCaseResult> {
    const attributes = validate(input);
    const actor = currentActor();
    const reportedBy = actor.subject;
    const key = input.idempotencyKey || null;
    if (key) {
      const earlier = await this.cases.findByIdempotencyKey(reportedBy, key);
      if (earlier)
        return { record: earlier, replayed: true, duplicates: await this.duplicates.candidates(earlier) };
    }
    const unit = await this.location.unitOf(input.unitCode, input.location);
    if (!coversPath(actor, unit.unitPath)) {
      throw new DomainError(
        'forbidden',
        'case.outside_scope',
        `Unit ${unit.unitCode} is outside the caller's unit`,
      );
    }
    const created = await this.dataSource.transaction(async (manager) => {
      const record = await this.cases.insert(manager, {
        id: randomUUID(),
        title: input.title.trim(),
        description: input.description ?? '',
        category: input.category,
        channel: input.channel,
        state: 'reported',
        unitCode: unit.unitCode,
        unitPath: unit.unitPath,
        lat: input.location?.lat ?? null,
        lng: input.location?.lng ?? null,
        reportedBy,
        idempotencyKey: key,
        priority: (input.priority || 'normal') as CasePriority,
        address: input.address?.trim() || null,
        attributes,
        tier: tierOfPath(unit.unitPath),
      });
      if (!record) return null; // lost a race with the same key
      await this.lifecycle.insertTransition(
        manager,
        Object.assign(new CaseTransitionEntity(), {
          id: randomUUID(),
          caseId: record.id,
          seq: 1,
          action: 'report',
          event: 'created',
          fromState: null,
          toState: 'reported',
          actorSubject: actor.subject,
          actorRole: actor.role,
          actorUnitCode: actor.unitCode,
          actorDepartmentCode: actor.departmentCode,
          reason: null,
          details: { channel: record.channel, tier: record.tier },
          occurredAt: record.createdAt,
        }),
      );
      await this.outbox.publish(manager, subjects.case.created, {
        caseId: record.id,
        category: record.category,
        channel: record.channel,
        unitCode: record.unitCode,
        unitPath: record.unitPath,
        createdAt: record.createdAt.toISOString(),
      });
      return record;
    });
    if (!created) {
      const winner = (await this.cases.findByIdempotencyKey(reportedBy, key!))!;
      return { record: winner, replayed: true, duplicates: await this.duplicates.candidates(winner) };
    }
    logger().info(
      { caseId: created.id, category: created.category, unit: created.unitCode },
      'case reported',
    );
    return { record: created, replayed: false, duplicates: await this.duplicates.candidates(created) };
  }
}

/** Checks the input; answers the attribute answers in their kept form (null when none were given). */
function validate(input: CreateCaseInput): AttributeAnswers | null {
  const details: ErrorDetail[] = [];
  if (!input.title?.trim()) details.push({ field: 'title', message: 'is required' });
  else if (input.title.length > 200)
    details.push({ field: 'title', message: 'must be at most 200 characters' });
  if ((input.description ?? '').length > 10_000)
    details.push({ field: 'description', message: 'must be at most 10000 characters' });
  if (!/^[a-z][a-z0-9_.-]{0,63}$/.test(input.category ?? ''))
    details.push({ field: 'category', message: 'must be a category code' });
  if (!(CASE_CHANNELS as readonly string[]).includes(input.channel)) {
    details.push({ field: 'channel', message: `must be one of ${CASE_CHANNELS.join(', ')}` });
  }
  if (input.unitCode ? !unitCodeSchema.safeParse(input.unitCode).success : !input.location)
    details.push({ field: 'unitCode', message: 'must be a division or grid code (or give a location)' });
  const { lat, lng } = input.location ?? { lat: 0, lng: 0 };
  if (!(Math.abs(lat) <= 90 && Math.abs(lng) <= 180))
    details.push({ field: 'location', message: 'lat must be within ±90 and lng within ±180' });
  if ((input.idempotencyKey ?? '').length > 200)
    details.push({ field: 'idempotencyKey', message: 'must be at most 200 characters' });
  if (input.priority && !(PRIORITIES as readonly string[]).includes(input.priority))
    details.push({ field: 'priority', message: `must be one of ${PRIORITIES.join(', ')}` });
  if ((input.address ?? '').length > 200)
    details.push({ field: 'address', message: 'must be at most 200 characters' });
  const attributes = attributeAnswers(input, details);
  if (details.length > 0) throw CaseIntakeErrors.invalidInput(details);
  return attributes;
}

/** The answers checked against the category's questions, as every channel must give them. */
function attributeAnswers(input: CreateCaseInput, details: ErrorDetail[]): AttributeAnswers | null {
  let given: unknown = {};
  if (input.attributesJson) {
    try {
      given = JSON.parse(input.attributesJson);
    } catch {
      given = null;
    }
    if (!given || typeof given !== 'object' || Array.isArray(given)) {
      details.push({ field: 'attributesJson', message: 'must be a JSON object of attribute answers' });
      return null;
    }
  }
  const { answers, problems } = checkAttributeAnswers(input.category, given as Record<string, unknown>, {
    // Required answers are the Open311 form's business; other channels may not know them.
    required: false,
  });
  for (const p of problems) details.push({ field: `attributes.${p.code}`, message: p.message });
  return Object.keys(answers).length ? answers : null;
}
