import { Controller } from '@nestjs/common';
import { gridV1 } from '@yiwang/contracts';
import { CaseActivityService } from './case-activity.service.js';

@Controller()
@gridV1.GridServiceControllerMethods()
export class CaseActivityGrpcController implements gridV1.GridServiceController {
  constructor(private readonly activity: CaseActivityService) {}

  async getUnitActivity(request: gridV1.GetUnitActivityRequest): Promise<gridV1.GetUnitActivityResponse> {
    const found = await this.activity.get(request.unitCode);
    return {
      unitCode: found.unitCode,
      casesReported: found.casesReported,
      lastCaseAt: found.lastCaseAt?.toISOString() ?? '',
    };
  }
}
