import { Controller } from '@nestjs/common';
import { gridV1 } from '@yiwang/contracts';
import { CaseActivityService } from '../case-activity/case-activity.service.js';
import { GridsService, type GridView } from './grids.service.js';

/** gRPC transport for grids: translates messages, nothing more. */
@Controller()
@gridV1.GridServiceControllerMethods()
export class GridsGrpcController implements gridV1.GridServiceController {
  constructor(
    private readonly grids: GridsService,
    private readonly activity: CaseActivityService,
  ) {}

  async createGrid(request: gridV1.CreateGridRequest): Promise<gridV1.CreateGridResponse> {
    const grid = await this.grids.create(
      request.communityCode,
      request.parentGridCode ?? null,
      request.grid ?? emptyGrid(),
    );
    return { grid: toMessage(grid) };
  }

  async getGrid(request: gridV1.GetGridRequest): Promise<gridV1.GetGridResponse> {
    return { grid: toMessage(await this.grids.get(request.code, request.withBoundary)) };
  }

  async listGrids(request: gridV1.ListGridsRequest): Promise<gridV1.ListGridsResponse> {
    const page = await this.grids.list(
      request.unitCode,
      request.after ?? null,
      request.limit || 200,
      request.withBoundary,
      request.includeRetired,
      { query: request.query ?? null, type: request.type ?? null },
    );
    return { grids: page.grids.map(toMessage), nextCursor: page.next ?? undefined, total: page.total };
  }

  async redrawGrids(request: gridV1.RedrawGridsRequest): Promise<gridV1.RedrawGridsResponse> {
    const result = await this.grids.redraw(request.change, request.retire, request.create);
    return { retired: result.retired.map(toMessage), created: result.created.map(toMessage) };
  }

  async addGridStaff(request: gridV1.AddGridStaffRequest): Promise<gridV1.AddGridStaffResponse> {
    return { staff: toStaff(await this.grids.addStaff(request.gridCode, request)) };
  }

  async endGridStaff(request: gridV1.EndGridStaffRequest): Promise<gridV1.EndGridStaffResponse> {
    return { staff: toStaff(await this.grids.endStaff(request.staffId, request.until)) };
  }

  async staffingReport(request: gridV1.StaffingReportRequest): Promise<gridV1.StaffingReportResponse> {
    const report = await this.grids.staffingReport(request.unitCode);
    return {
      gridsChecked: report.checked,
      belowStandard: report.rows as unknown as gridV1.StaffingShortfall[],
    };
  }

  async listGridTypes(): Promise<gridV1.ListGridTypesResponse> {
    return { types: await this.grids.types() };
  }

  async getUnitActivity(request: gridV1.GetUnitActivityRequest): Promise<gridV1.GetUnitActivityResponse> {
    const found = await this.activity.get(request.unitCode);
    return {
      unitCode: found.unitCode,
      casesReported: found.casesReported,
      lastCaseAt: found.lastCaseAt?.toISOString() ?? '',
    };
  }
}

function emptyGrid(): gridV1.NewGrid {
  return { code: '', name: '', type: '', boundaryGeojson: '' };
}

function toStaff(s: GridView['staff'][number]): gridV1.GridStaff {
  return {
    id: s.id,
    name: s.name,
    role: s.role,
    partTimeKind: s.partTimeKind ?? '',
    phone: s.phone,
    since: s.since,
    until: s.until ?? '',
  };
}

function toMessage(grid: GridView): gridV1.Grid {
  return {
    code: grid.code,
    name: grid.name,
    type: grid.type,
    communityCode: grid.communityCode,
    parentGridCode: grid.parentGridCode ?? '',
    path: grid.path,
    boundaryGeojson: grid.boundary ? JSON.stringify(grid.boundary) : '',
    status: grid.status,
    version: grid.version,
    createdAt: new Date(grid.createdAt).toISOString(),
    retiredAt: grid.retiredAt ? new Date(grid.retiredAt).toISOString() : '',
    retiredReason: grid.retiredReason ?? '',
    replacedBy: grid.replacedBy ?? [],
    staff: grid.staff.map(toStaff),
  };
}
