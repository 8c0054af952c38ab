import { Controller } from '@nestjs/common';
import { caseAssessmentV1 as v1 } from '@yiwang/contracts';
import type { CardRecord } from '../supervision/supervision.repository.js';
import { AssessmentService, type UnitAssessment } from './assessment.service.js';

/** gRPC transport for assessment and supervision cards: translates messages, nothing more. */
@Controller()
@v1.AssessmentServiceControllerMethods()
export class AssessmentGrpcController implements v1.AssessmentServiceController {
  constructor(private readonly assessment: AssessmentService) {}

  async getAssessment(request: v1.GetAssessmentRequest): Promise<v1.GetAssessmentResponse> {
    const found = await this.assessment.get(request.unit, request.from, request.to);
    return { assessments: found.map(toMessage) };
  }

  async rankings(request: v1.RankingsRequest): Promise<v1.RankingsResponse> {
    const ranked = await this.assessment.rankings(
      request.level,
      request.parent ?? null,
      request.from,
      request.to,
      request.limit,
    );
    return { rankings: ranked.map(toMessage) };
  }

  async listCards(request: v1.ListCardsRequest): Promise<v1.ListCardsResponse> {
    const cards = await this.assessment.cards(request);
    return { cards: cards.map(cardMessage) };
  }
}

function toMessage(entry: UnitAssessment): v1.UnitAssessment {
  const { rates } = entry;
  return {
    level: entry.level,
    unit: entry.unit,
    parent: entry.parent ?? undefined,
    counts: entry.counts,
    rates: {
      response: rates.response ?? undefined,
      resolution: rates.resolution ?? undefined,
      satisfaction: rates.satisfaction ?? undefined,
      onTime: rates.onTime ?? undefined,
      score: rates.score ?? undefined,
    },
    rank: entry.rank,
  };
}

function cardMessage(card: CardRecord): v1.SupervisionCard {
  return {
    id: card.id,
    caseId: card.caseId,
    card: card.card,
    origin: card.origin,
    clock: card.clock ?? undefined,
    targetUnit: card.targetUnit ?? undefined,
    departmentCode: card.departmentCode ?? undefined,
    category: card.category,
    dueAt: card.dueAt?.toISOString(),
    issuedAt: card.issuedAt.toISOString(),
    issuedBy: card.issuedBy,
    reason: card.reason ?? undefined,
  };
}
