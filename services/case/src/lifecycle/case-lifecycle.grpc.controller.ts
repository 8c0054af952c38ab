import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { caseV1 } from '@yiwang/contracts';
import { caseMessage } from '../shared/case-messages.js';
import { CaseTransitionService } from './case-transition.service.js';

/** gRPC transport for the lifecycle actions (`CaseService.performAction`): translates messages only. */
@Controller()
export class CaseLifecycleGrpcController implements Pick<caseV1.CaseServiceController, 'performAction'> {
  constructor(private readonly transitions: CaseTransitionService) {}

  @GrpcMethod(caseV1.CASE_SERVICE_NAME, 'performAction')
  async performAction(request: caseV1.PerformActionRequest): Promise<caseV1.PerformActionResponse> {
    const { caseId, action, expectedVersion, ...params } = request;
    const record = await this.transitions.perform({ caseId, action, expectedVersion, params });
    return { case: caseMessage(record) };
  }
}
