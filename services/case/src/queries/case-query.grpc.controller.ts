import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { caseV1 } from '@yiwang/contracts';
import { caseCatalogue } from '../routing/case-catalogue.js';
import { CaseRoutingService } from '../routing/case-routing.service.js';
import { caseMessage, clockMessage, subtaskMessage, transitionMessage } from '../shared/case-messages.js';
import { CaseQueryService } from './case-query.service.js';

type QueryMethods = 'getCase' | 'listCases' | 'listCategories' | 'countCases';

/**
 * gRPC transport for reading cases and the category catalogue: translates messages, nothing more.
 * Intake (`createCase`) and the lifecycle (`performAction`) have their own controllers on the same service.
 */
@Controller()
export class CaseQueryGrpcController implements Pick<caseV1.CaseServiceController, QueryMethods> {
  constructor(
    private readonly queries: CaseQueryService,
    private readonly routing: CaseRoutingService,
  ) {}

  @GrpcMethod(caseV1.CASE_SERVICE_NAME, 'getCase')
  async getCase(request: caseV1.GetCaseRequest): Promise<caseV1.GetCaseResponse> {
    const detail = await this.queries.get(request.id);
    const next = detail.clocks.find((c) => c.state === 'running');
    return {
      case: { ...caseMessage(detail.record, detail.facts), nextDeadline: next && clockMessage(next) },
      clocks: detail.clocks.map(clockMessage),
      timeline: detail.timeline.map(transitionMessage),
      subtasks: detail.subtasks.map(subtaskMessage),
      mergedFrom: detail.mergedFrom,
    };
  }

  @GrpcMethod(caseV1.CASE_SERVICE_NAME, 'listCases')
  async listCases(request: caseV1.ListCasesRequest): Promise<caseV1.ListCasesResponse> {
    const page = await this.queries.list({
      state: request.state,
      category: request.category,
      channel: request.channel,
      unit: request.unit,
      department: request.department,
      overdue: request.overdue,
      idempotencyKey: request.idempotencyKey,
      q: request.q,
      idPrefix: request.idPrefix,
      open: request.open,
      alert: request.alert,
      supervised: request.supervised,
      sort: request.sort,
      withTotal: request.withTotal,
      after: request.after,
      limit: request.limit,
    });
    return {
      cases: page.cases.map((c) => {
        const next = page.nextDeadlines.get(c.id);
        return { ...caseMessage(c, page.facts.get(c.id)), nextDeadline: next && clockMessage(next) };
      }),
      nextCursor: page.nextCursor,
      total: page.total,
    };
  }

  @GrpcMethod(caseV1.CASE_SERVICE_NAME, 'countCases')
  async countCases(request: caseV1.CountCasesRequest): Promise<caseV1.CountCasesResponse> {
    return this.queries.loads(request.unit, request.since);
  }

  @GrpcMethod(caseV1.CASE_SERVICE_NAME, 'listCategories')
  async listCategories(): Promise<caseV1.ListCategoriesResponse> {
    return { categories: caseCatalogue(), routingVersion: await this.routing.version() };
  }
}
