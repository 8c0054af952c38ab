import { Controller } from '@nestjs/common';
import { caseV1 } from '@yiwang/contracts';
import { CaseIntakeService } from './case-intake.service.js';
import type { CaseEntity } from './case.entity.js';

/** gRPC transport for intake: translates messages, nothing more. */
@Controller()
@caseV1.CaseServiceControllerMethods()
export class CaseIntakeGrpcController implements caseV1.CaseServiceController {
  constructor(private readonly intake: CaseIntakeService) {}

  async createCase(request: caseV1.CreateCaseRequest): Promise<caseV1.CreateCaseResponse> {
    const { record, replayed } = await this.intake.create({
      title: request.title,
      description: request.description,
      category: request.category,
      channel: request.channel,
      unitCode: request.unitCode,
      location: request.location ?? undefined,
      idempotencyKey: request.idempotencyKey,
    });
    return { case: toMessage(record), replayed };
  }

  async getCase(request: caseV1.GetCaseRequest): Promise<caseV1.GetCaseResponse> {
    return { case: toMessage(await this.intake.get(request.id)) };
  }
}

function toMessage(record: CaseEntity): caseV1.Case {
  return {
    id: record.id,
    state: record.state,
    title: record.title,
    category: record.category,
    channel: record.channel,
    unitCode: record.unitCode,
    unitPath: record.unitPath,
    createdAt: record.createdAt.toISOString(),
  };
}
