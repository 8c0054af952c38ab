import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { subjects, unitCode as unitCodeSchema, unitPathOf } from '@yiwang/contracts';
import { IdentityContext, OutboxWriter, logger, type ErrorDetail } from '@yiwang/platform';
import { DataSource } from 'typeorm';
import { CASE_CHANNELS } from './case-channels.js';
import { CaseIntakeErrors } from './case-intake.errors.js';
import { CaseRepository } from './case.repository.js';
import type { CaseEntity } from './case.entity.js';

export interface CreateCaseInput {
  title: string;
  description: string;
  category: string;
  channel: string;
  unitCode: string;
  location?: { lat: number; lng: number };
  idempotencyKey?: string;
}

@Injectable()
export class CaseIntakeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CaseRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  /** Stores the case and its `case.v1.created` event in one transaction; a repeated idempotency key replays. */
  async create(input: CreateCaseInput): Promise<{ record: CaseEntity; replayed: boolean }> {
    validate(input);
    const reportedBy = IdentityContext.current()?.subject ?? 'anonymous';
    const key = input.idempotencyKey || null;
    if (key) {
      const earlier = await this.cases.findByIdempotencyKey(reportedBy, key);
      if (earlier) return { record: earlier, replayed: true };
    }
    const created = await this.dataSource.transaction(async (manager) => {
      const record = await this.cases.insert(manager, {
        id: randomUUID(),
        title: input.title.trim(),
        description: input.description ?? '',
        category: input.category,
        channel: input.channel,
        state: 'reported',
        unitCode: input.unitCode,
        unitPath: unitPathOf(input.unitCode),
        lat: input.location?.lat ?? null,
        lng: input.location?.lng ?? null,
        reportedBy,
        idempotencyKey: key,
      });
      if (!record) return null; // lost a race with the same key
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
      const winner = await this.cases.findByIdempotencyKey(reportedBy, key!);
      return { record: winner!, replayed: true };
    }
    logger().info(
      { caseId: created.id, category: created.category, unit: created.unitCode },
      'case reported',
    );
    return { record: created, replayed: false };
  }

  async get(id: string): Promise<CaseEntity> {
    const found = /^[0-9a-f-]{36}$/i.test(id) ? await this.cases.findById(id) : null;
    if (!found) throw CaseIntakeErrors.notFound(id);
    return found;
  }
}

function validate(input: CreateCaseInput): void {
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
  if (!unitCodeSchema.safeParse(input.unitCode).success)
    details.push({ field: 'unitCode', message: 'must be a division or grid code' });
  const { lat, lng } = input.location ?? { lat: 0, lng: 0 };
  if (!(Math.abs(lat) <= 90 && Math.abs(lng) <= 180))
    details.push({ field: 'location', message: 'lat must be within ±90 and lng within ±180' });
  if ((input.idempotencyKey ?? '').length > 200)
    details.push({ field: 'idempotencyKey', message: 'must be at most 200 characters' });
  if (details.length > 0) throw CaseIntakeErrors.invalidInput(details);
}
