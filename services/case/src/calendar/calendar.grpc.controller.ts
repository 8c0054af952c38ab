import { Controller } from '@nestjs/common';
import { caseCalendarV1 as v1 } from '@yiwang/contracts';
import type { RecomputeJobRow, StoredActivation } from './calendar.repository.js';
import { CalendarService, type CalendarStatusView, type VersionView } from './calendar.service.js';
import { daysOf } from './calendar-year.js';

/** gRPC transport for the national calendar: translates messages, nothing more. */
@Controller()
@v1.CalendarServiceControllerMethods()
export class CalendarGrpcController implements v1.CalendarServiceController {
  constructor(private readonly calendar: CalendarService) {}

  async listYears(): Promise<v1.ListYearsResponse> {
    const [years, status] = [await this.calendar.years(), await this.calendar.status()];
    return {
      years: years.map((y) => ({
        year: y.year,
        activeVersion: y.activeVersion,
        status: y.status,
        versions: y.versions,
        latestVersion: y.latestVersion,
        holidayDays: y.holidayDays,
        workdays: y.workdays,
        activatedAt: y.activation?.activatedAt.toISOString(),
        activatedByName: y.activation
          ? (y.activation.activatedByName ?? y.activation.activatedBy)
          : undefined,
      })),
      status: statusMessage(status),
    };
  }

  async getStatus(): Promise<v1.GetStatusResponse> {
    return { status: statusMessage(await this.calendar.status()) };
  }

  async getYear(request: v1.GetYearRequest): Promise<v1.GetYearResponse> {
    return { year: yearMessage(await this.calendar.year(request.year, request.version), true) };
  }

  async listVersions(request: v1.ListVersionsRequest): Promise<v1.ListVersionsResponse> {
    const found = await this.calendar.versions(request.year);
    return {
      year: request.year,
      activeVersion: found.activeVersion,
      versions: found.versions.map((v) => yearMessage(v, false)),
      activations: found.activations.map(activationMessage),
    };
  }

  async diffVersions(request: v1.DiffVersionsRequest): Promise<v1.DiffVersionsResponse> {
    const changes = await this.calendar.diff(request.year, request.fromVersion, request.toVersion);
    return {
      changes: changes.map((c) => ({
        date: c.date,
        before: c.before,
        after: c.after,
        beforeName: c.beforeName ?? undefined,
        afterName: c.afterName ?? undefined,
      })),
    };
  }

  async loadYear(request: v1.LoadYearRequest): Promise<v1.LoadYearResponse> {
    const loaded = await this.calendar.load({
      document: request.document,
      reason: request.reason,
      actorName: request.actorName ?? null,
      activate: request.activate,
    });
    return {
      version: yearMessage(loaded.version, true),
      created: loaded.created,
      job: loaded.job ? jobMessage(loaded.job) : undefined,
    };
  }

  async activateVersion(request: v1.ActivateVersionRequest): Promise<v1.ActivateVersionResponse> {
    const change = await this.calendar.activate({
      year: request.year,
      version: request.version,
      reason: request.reason,
      actorName: request.actorName ?? null,
    });
    return { activation: activationMessage(change.activation), job: jobMessage(change.job) };
  }

  async getRecomputeJob(request: v1.GetRecomputeJobRequest): Promise<v1.GetRecomputeJobResponse> {
    return { job: jobMessage(await this.calendar.job(request.id)) };
  }
}

function statusMessage(status: CalendarStatusView): v1.CalendarStatus {
  return {
    today: status.today,
    nextYear: status.nextYear,
    nextYearLoaded: status.nextYearLoaded,
    nextYearMissing: status.nextYearMissing,
    warnFrom: status.warnFrom,
    daysUntilNextYear: status.daysUntilNextYear,
    provisionalClocks: status.provisionalClocks,
    generation: status.generation,
  };
}

function yearMessage(view: VersionView, withDays: boolean): v1.CalendarYear {
  const data = view.data;
  return {
    year: view.year,
    version: view.version,
    active: view.active,
    loaded: data !== null,
    origin: view.origin,
    source: view.source ?? undefined,
    reason: view.stored?.reason,
    createdBy: view.stored?.createdBy,
    createdByName: view.stored?.createdByName ?? undefined,
    createdAt: view.stored?.createdAt.toISOString(),
    holidays: withDays ? (data?.holidays ?? []) : [],
    workdays: withDays
      ? (data?.workdays ?? []).map((w) => ({ date: w.date, holiday: w.holiday ?? undefined }))
      : [],
    holidayDays: data ? data.holidays.reduce((n, h) => n + daysOf(h).length, 0) : 0,
  };
}

function activationMessage(a: StoredActivation): v1.Activation {
  return {
    version: a.version,
    previousVersion: a.previousVersion,
    reason: a.reason,
    activatedBy: a.activatedBy,
    activatedByName: a.activatedByName ?? undefined,
    activatedAt: a.activatedAt.toISOString(),
    generation: a.generation,
  };
}

function jobMessage(job: RecomputeJobRow): v1.RecomputeJob {
  return {
    id: job.id,
    year: job.year,
    generation: job.generation,
    state: job.state,
    total: job.total,
    done: job.done,
    changed: job.changed,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString(),
    finishedAt: job.finishedAt?.toISOString(),
    error: job.error ?? undefined,
  };
}
