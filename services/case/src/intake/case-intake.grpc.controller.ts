import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { caseV1 } from '@yiwang/contracts';
import { caseMessage } from '../shared/case-messages.js';
import { CaseIntakeService } from './case-intake.service.js';

/** gRPC transport for case intake (`CaseService.createCase`): translates messages, nothing more. */
@Controller()
export class CaseIntakeGrpcController implements Pick<caseV1.CaseServiceController, 'createCase'> {
  constructor(private readonly intake: CaseIntakeService) {}

  @GrpcMethod(caseV1.CASE_SERVICE_NAME, 'createCase')
  async createCase(request: caseV1.CreateCaseRequest): Promise<caseV1.CreateCaseResponse> {
    const { record, replayed, duplicates } = await this.intake.create({
      title: request.title,
      description: request.description,
      category: request.category,
      channel: request.channel,
      unitCode: request.unitCode,
      location: request.location ?? undefined,
      idempotencyKey: request.idempotencyKey,
      priority: request.priority,
      address: request.address,
      attributesJson: request.attributesJson,
    });
    return {
      case: caseMessage(record),
      replayed,
      possibleDuplicates: duplicates.map((d) => ({
        id: d.id,
        title: d.title,
        state: d.state,
        distanceMeters: d.distanceMeters,
        createdAt: d.createdAt.toISOString(),
      })),
    };
  }
}
