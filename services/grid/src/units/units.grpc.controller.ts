import { Controller } from '@nestjs/common';
import { unitsV1 } from '@yiwang/contracts';
import { DepartmentsService } from '../departments/departments.service.js';
import { UnitsService } from './units.service.js';
import type { UnitRow } from './unit.repository.js';

@Controller()
@unitsV1.UnitServiceControllerMethods()
export class UnitsGrpcController implements unitsV1.UnitServiceController {
  constructor(
    private readonly units: UnitsService,
    private readonly departments: DepartmentsService,
  ) {}

  async getUnit(request: unitsV1.GetUnitRequest): Promise<unitsV1.GetUnitResponse> {
    const { unit, ancestors, counts } = await this.units.get(request.code);
    return { unit: toMessage(unit), ancestors: ancestors.map(toMessage), counts };
  }

  async listUnits(request: unitsV1.ListUnitsRequest): Promise<unitsV1.ListUnitsResponse> {
    const page = await this.units.list(
      request.parentCode ?? null,
      request.after ?? null,
      request.limit || 100,
    );
    return { units: page.units.map(toMessage), nextCursor: page.next ?? undefined };
  }

  async listDepartments(request: unitsV1.ListDepartmentsRequest): Promise<unitsV1.ListDepartmentsResponse> {
    const departments = await this.departments.list(request.unitCode, request.category ?? null);
    return {
      departments: departments.map((d) => ({ ...d, parentCode: d.parentCode ?? undefined })),
    };
  }
}

function toMessage(unit: UnitRow): unitsV1.Unit {
  return { ...unit, parentCode: unit.parentCode ?? undefined };
}
