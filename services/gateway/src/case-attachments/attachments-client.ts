import type { caseAttachmentsV1 } from '@yiwang/contracts';
import type { GrpcClient } from '@yiwang/platform';

export const ATTACHMENTS_CLIENT = Symbol('case-attachments-client');
export type AttachmentsClient = GrpcClient<caseAttachmentsV1.CaseAttachmentServiceClient>;
