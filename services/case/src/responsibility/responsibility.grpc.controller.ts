import { Controller } from '@nestjs/common';
import { caseResponsibilityV1 as v1 } from '@yiwang/contracts';
import type { ResponsibilityLevel } from './responsibility.entities.js';
import { ResponsibilityService, type VersionView } from './responsibility.service.js';

/** gRPC transport for the responsibility list (权责清单): translates messages, nothing more. */
@Controller()
@v1.ResponsibilityServiceControllerMethods()
export class ResponsibilityGrpcController implements v1.ResponsibilityServiceController {
  constructor(private readonly responsibility: ResponsibilityService) {}

  async listVersions(
    request: v1.ResponsibilityServiceListVersionsRequest,
  ): Promise<v1.ResponsibilityServiceListVersionsResponse> {
    const found = await this.responsibility.versions(request.districtCode || undefined);
    return { activeVersion: found.activeVersion, versions: found.versions.map((v) => versionMessage(v)) };
  }

  async getVersion(
    request: v1.ResponsibilityServiceGetVersionRequest,
  ): Promise<v1.ResponsibilityServiceGetVersionResponse> {
    return { version: versionMessage(await this.responsibility.version(request.version)) };
  }

  async diffVersions(
    request: v1.ResponsibilityServiceDiffVersionsRequest,
  ): Promise<v1.ResponsibilityServiceDiffVersionsResponse> {
    const diff = await this.responsibility.diff(request.fromVersion, request.toVersion);
    return {
      fromVersion: request.fromVersion,
      toVersion: request.toVersion,
      added: diff.added,
      removed: diff.removed,
      changed: diff.changed,
      unchanged: diff.unchanged,
      changes: diff.changes.map((c) => ({
        category: c.category,
        level: c.level,
        change: c.change,
        beforeDepartmentKind: c.before?.departmentKind,
        afterDepartmentKind: c.after?.departmentKind,
        beforeDeadlineWorkingHours: c.before?.deadlineWorkingHours,
        afterDeadlineWorkingHours: c.after?.deadlineWorkingHours,
      })),
    };
  }

  async createVersion(
    request: v1.ResponsibilityServiceCreateVersionRequest,
  ): Promise<v1.ResponsibilityServiceCreateVersionResponse> {
    const created = await this.responsibility.create({
      entries: (request.entries ?? []).map((e) => ({
        category: e.category,
        level: e.level as ResponsibilityLevel,
        departmentKind: e.departmentKind,
        deadlineWorkingHours: e.deadlineWorkingHours,
      })),
      reason: request.reason,
      basedOn: request.basedOn ?? null,
      activate: request.activate,
      actorName: request.actorName ?? null,
      activationReason: request.activationReason,
    });
    return { version: versionMessage(created) };
  }

  async activateVersion(
    request: v1.ResponsibilityServiceActivateVersionRequest,
  ): Promise<v1.ResponsibilityServiceActivateVersionResponse> {
    const change = await this.responsibility.activate({
      version: request.version,
      actorName: request.actorName ?? null,
      reason: request.reason,
    });
    return { version: versionMessage(change.version), previousVersion: change.previousVersion };
  }
}

function versionMessage(view: VersionView): v1.ResponsibilityVersion {
  return {
    version: view.version,
    active: view.active,
    basedOn: view.basedOn ?? undefined,
    reason: view.reason,
    createdBy: view.createdBy,
    createdByName: view.createdByName ?? undefined,
    createdAt: view.createdAt.toISOString(),
    activatedBy: view.activatedBy ?? undefined,
    activatedByName: view.activatedByName ?? undefined,
    activatedAt: view.activatedAt?.toISOString(),
    entryCount: view.entryCount,
    caseCount: view.caseCount,
    entries: (view.entries ?? []).map((e) => ({
      category: e.category,
      level: e.level,
      departmentKind: e.departmentKind,
      deadlineWorkingHours: e.deadlineWorkingHours,
    })),
    activationReason: view.activationReason ?? '',
    activations: (view.activations ?? []).map((a) => ({
      version: a.version,
      reason: a.reason,
      activatedBy: a.activatedBy,
      activatedByName: a.activatedByName ?? '',
      activatedAt: a.activatedAt.toISOString(),
      previousVersion: a.previousVersion ?? 0,
    })),
  };
}
