import type { caseResponsibilityV1 } from '@yiwang/contracts';
import type { GrpcClient } from '@yiwang/platform';

export const RESPONSIBILITY_CLIENT = Symbol('responsibility-client');
export type ResponsibilityClient = GrpcClient<caseResponsibilityV1.ResponsibilityServiceClient>;
