import type { caseAssessmentV1 } from '@yiwang/contracts';
import type { GrpcClient } from '@yiwang/platform';

export const ASSESSMENT_CLIENT = Symbol('assessment-client');
export type AssessmentClient = GrpcClient<caseAssessmentV1.AssessmentServiceClient>;
