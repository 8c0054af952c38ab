import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { subjects } from '@yiwang/contracts';
import { DomainError, OutboxWriter } from '@yiwang/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { currentActor, hasPermission } from '../shared/case-actor.js';
import { diffYears, type DayChange } from './calendar-diff.js';
import { readCalendarDocument } from './calendar-document.js';
import { activeYear, CalendarRuntime, type ActiveYear } from './calendar-runtime.js';
import type { CalendarWarning } from './calendar-warning.js';
import { daysOf, type CalendarYearData } from './calendar-year.js';
import {
  CalendarRepository,
  type RecomputeJobRow,
  type StoredActivation,
  type StoredVersion,
} from './calendar.repository.js';

export interface YearSummary {
  year: number;
  activeVersion: number;
  status: 'builtin' | 'loaded' | 'missing';
  versions: number;
  latestVersion: number;
  holidayDays: number;
  workdays: number;
  activation: StoredActivation | null;
}

export interface VersionView extends ActiveYear {
  active: boolean;
}

export interface CalendarStatusView extends CalendarWarning {
  today: string;
  provisionalClocks: number;
  generation: number;
}

const READ = 'calendar:read';
const MANAGE = 'calendar:manage';

/**
 * Loading, reviewing and activating the years of the national calendar. A load stores a new version (the
 * same days again answer the version that has them); an activation makes a version count, raises the
 * calendar's generation, queues the recompute of the running deadlines in that year and announces
 * `calendar.v1.year-changed` — all in one transaction.
 */
@Injectable()
export class CalendarService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly calendars: CalendarRepository,
    private readonly runtime: CalendarRuntime,
    private readonly outbox: OutboxWriter,
  ) {}

  async status(): Promise<CalendarStatusView> {
    authorize(READ);
    const snapshot = await this.runtime.ensure(await this.calendars.generation(this.dataSource.manager));
    const now = this.runtime.now();
    return {
      ...this.runtime.warning(now),
      today: snapshot.registry.defaultCalendar.localDate(now),
      provisionalClocks: await this.calendars.provisionalClocks(this.dataSource.manager),
      generation: snapshot.generation,
    };
  }

  /** Every year with an arrangement or a loaded version, and the next year even when it has neither. */
  async years(): Promise<YearSummary[]> {
    authorize(READ);
    const manager = this.dataSource.manager;
    const snapshot = await this.runtime.ensure(await this.calendars.generation(manager));
    const counts = new Map((await this.calendars.versionCounts(manager)).map((c) => [c.year, c]));
    const years = new Set<number>([
      ...snapshot.active.keys(),
      ...counts.keys(),
      this.runtime.warning().nextYear,
    ]);
    return [...years]
      .sort((a, b) => b - a)
      .map((year) => {
        const active = snapshot.active.get(year) ?? activeYear(year, 0, null, null);
        return {
          year,
          activeVersion: active.version,
          status: !active.data ? 'missing' : active.origin,
          versions: counts.get(year)?.count ?? 0,
          latestVersion: counts.get(year)?.latest ?? 0,
          holidayDays: holidayDays(active.data),
          workdays: active.data?.workdays.length ?? 0,
          activation: active.activation,
        };
      });
  }

  /** A version of a year (the active one when `version` is undefined). */
  async year(year: number, version?: number): Promise<VersionView> {
    authorize(READ);
    const manager = this.dataSource.manager;
    const active = await this.activeVersionOf(manager, year);
    const wanted = version ?? active;
    return { ...(await this.versionOf(manager, year, wanted)), active: wanted === active };
  }

  async versions(
    year: number,
  ): Promise<{ activeVersion: number; versions: VersionView[]; activations: StoredActivation[] }> {
    authorize(READ);
    checkYear(year);
    const manager = this.dataSource.manager;
    const activeVersion = await this.activeVersionOf(manager, year);
    const stored = await this.calendars.versions(manager, year);
    const versions = [
      ...stored.map((s) => activeYear(year, s.version, s, null)),
      activeYear(year, 0, null, null),
    ].map((v) => ({ ...v, active: v.version === activeVersion }));
    return { activeVersion, versions, activations: await this.calendars.activations(manager, year) };
  }

  async diff(year: number, from: number, to: number): Promise<DayChange[]> {
    authorize(READ);
    const manager = this.dataSource.manager;
    const [a, b] = [await this.versionOf(manager, year, from), await this.versionOf(manager, year, to)];
    return diffYears(a.data, b.data);
  }

  async job(id: string): Promise<RecomputeJobRow> {
    authorize(READ);
    const job = /^[0-9a-f-]{36}$/i.test(id) ? await this.calendars.job(this.dataSource.manager, id) : null;
    if (!job) throw DomainError.notFound('calendar.job_not_found', `No recompute job ${id}`);
    return job;
  }

  /** Validates and stores a year's document as a new version; activates it when asked. */
  async load(input: { document: string; reason: string; actorName: string | null; activate: boolean }) {
    const actor = authorize(MANAGE);
    const reason = checkReason(input.reason);
    const data = readCalendarDocument(input.document);
    const digest = digestOf(data);
    const result = await this.dataSource.transaction(async (manager) => {
      await this.calendars.lock(manager);
      const existing = await this.calendars.versionByDigest(manager, data.year, digest);
      const stored =
        existing ??
        (await this.calendars.insertVersion(manager, {
          year: data.year,
          holidays: data.holidays,
          workdays: data.workdays,
          source: data.source,
          digest,
          reason,
          createdBy: actor.subject,
          createdByName: input.actorName,
        }));
      const activeVersion = await this.activeVersionOf(manager, data.year);
      const change =
        input.activate && activeVersion !== stored.version
          ? await this.activateIn(manager, data.year, stored.version, reason, actor.subject, input.actorName)
          : null;
      return {
        stored,
        created: !existing,
        change,
        active: change !== null || activeVersion === stored.version,
      };
    });
    if (result.change) await this.runtime.reload();
    return {
      version: {
        ...activeYear(data.year, result.stored.version, result.stored, null),
        active: result.active,
      },
      created: result.created,
      job: result.change?.job ?? null,
    };
  }

  /** Makes a stored version (or 0, the built-in one) the one that counts, and recomputes the deadlines. */
  async activate(input: { year: number; version: number; reason: string; actorName: string | null }) {
    const actor = authorize(MANAGE);
    checkYear(input.year);
    const reason = checkReason(input.reason);
    const change = await this.dataSource.transaction(async (manager) => {
      await this.calendars.lock(manager);
      await this.versionOf(manager, input.year, input.version);
      if ((await this.activeVersionOf(manager, input.year)) === input.version) {
        throw DomainError.conflict(
          'calendar.already_active',
          `Version ${input.version} of ${input.year} is already the one that counts`,
        );
      }
      return this.activateIn(manager, input.year, input.version, reason, actor.subject, input.actorName);
    });
    await this.runtime.reload();
    return change;
  }

  private async activateIn(
    manager: EntityManager,
    year: number,
    version: number,
    reason: string,
    subject: string,
    actorName: string | null,
  ): Promise<{ activation: StoredActivation; job: RecomputeJobRow }> {
    const target = await this.versionOf(manager, year, version);
    const previousVersion = await this.activeVersionOf(manager, year);
    const generation = await this.calendars.raiseGeneration(manager);
    const activation: StoredActivation = {
      id: randomUUID(),
      year,
      version,
      previousVersion,
      generation,
      reason,
      activatedBy: subject,
      activatedByName: actorName,
      activatedAt: new Date(),
    };
    await this.calendars.insertActivation(manager, activation);
    await this.calendars.supersedeJobs(manager, year);
    const job = await this.calendars.insertJob(manager, randomUUID(), year, generation);
    await this.outbox.publish(manager, subjects.calendar.yearChanged, {
      year,
      version,
      previousVersion,
      generation,
      loaded: target.data !== null,
      holidays: target.data?.holidays ?? [],
      workdays: target.data?.workdays ?? [],
      recomputeJobId: job.id,
      changedBy: subject,
      occurredAt: activation.activatedAt.toISOString(),
    });
    return { activation, job };
  }

  private async activeVersionOf(manager: EntityManager, year: number): Promise<number> {
    const [latest] = await this.calendars.activations(manager, year);
    return latest?.version ?? 0;
  }

  private async versionOf(manager: EntityManager, year: number, version: number): Promise<ActiveYear> {
    checkYear(year);
    if (version === 0) return activeYear(year, 0, null, null);
    const stored: StoredVersion | null = await this.calendars.version(manager, year, version);
    if (!stored)
      throw DomainError.notFound('calendar.version_not_found', `${year} has no version ${version}`);
    return activeYear(year, version, stored, null);
  }
}

function authorize(permission: string) {
  const actor = currentActor();
  if (!hasPermission(actor, permission)) {
    throw new DomainError('forbidden', 'auth.forbidden', `Needs the ${permission} permission`);
  }
  return actor;
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) {
    throw DomainError.invalid('calendar.invalid_year', 'A year from 2000 to 2100', [
      { field: 'year', message: 'must be a year from 2000 to 2100' },
    ]);
  }
}

function checkReason(reason: string): string {
  const trimmed = (reason ?? '').trim();
  if (!trimmed || trimmed.length > 500) {
    throw DomainError.invalid('calendar.invalid', 'Say why (1–500 characters)', [
      { field: 'reason', message: 'must say why, in 1 to 500 characters' },
    ]);
  }
  return trimmed;
}

function holidayDays(data: CalendarYearData | null): number {
  return data ? data.holidays.reduce((sum, h) => sum + daysOf(h).length, 0) : 0;
}

/** The days alone decide whether two loads are the same arrangement (not the source text or the order). */
function digestOf(data: CalendarYearData): string {
  return createHash('sha256')
    .update(JSON.stringify({ year: data.year, holidays: data.holidays, workdays: data.workdays }))
    .digest('hex');
}
