import { Controller } from '@nestjs/common';
import { caseV1 } from '@yiwang/contracts';
import { CaseIntakeService } from '../intake/case-intake.service.js';
import { CaseTransitionService } from '../lifecycle/case-transition.service.js';
import { caseCatalogue } from '../routing/case-catalogue.js';
import { CaseRoutingService } from '../routing/case-routing.service.js';
import { caseMessage, subtaskMessage, transitionMessage } from './case-messages.js';
import { CaseQueryService } from './case-query.service.js';

/** gRPC transport for the case service: translates messages, nothing more. */
@Controller()
@caseV1.CaseServiceControllerMethods()
export class CaseGrpcController implements caseV1.CaseServiceController {
  constructor(
    private readonly intake: CaseIntakeService,
    private readonly transitions: CaseTransitionService,
    private readonly queries: CaseQueryService,
    private readonly routing: CaseRoutingService,
  ) {}

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

  async getCase(request: caseV1.GetCaseRequest): Promise<caseV1.GetCaseResponse> {
    const detail = await this.queries.get(request.id);
    return {
      case: caseMessage(detail.record),
      timeline: detail.timeline.map(transitionMessage),
      subtasks: detail.subtasks.map(subtaskMessage),
      mergedFrom: detail.mergedFrom,
    };
  }

  async performAction(request: caseV1.PerformActionRequest): Promise<caseV1.PerformActionResponse> {
    const { caseId, action, expectedVersion, ...params } = request;
    const record = await this.transitions.perform({ caseId, action, expectedVersion, params });
    return { case: caseMessage(record) };
  }

  async listCases(request: caseV1.ListCasesRequest): Promise<caseV1.ListCasesResponse> {
    const page = await this.queries.list({
      state: request.state,
      category: request.category,
      channel: request.channel,
      unit: request.unit,
      department: request.department,
      overdue: request.overdue,
      after: request.after,
      limit: request.limit,
    });
    return { cases: page.cases.map(caseMessage), nextCursor: page.nextCursor };
  }

  async listCategories(): Promise<caseV1.ListCategoriesResponse> {
    return { categories: caseCatalogue(), routingVersion: await this.routing.version() };
  }
}
