import { Controller } from '@nestjs/common';
import { caseAttachmentsV1 } from '@yiwang/contracts';
import type { AttachmentEntity } from './attachment.entity.js';
import { AttachmentsService } from './attachments.service.js';

/** gRPC transport for attachments: translates messages, nothing more. */
@Controller()
@caseAttachmentsV1.CaseAttachmentServiceControllerMethods()
export class AttachmentsGrpcController implements caseAttachmentsV1.CaseAttachmentServiceController {
  constructor(private readonly attachments: AttachmentsService) {}

  async uploadAttachment(
    request: caseAttachmentsV1.UploadAttachmentRequest,
  ): Promise<caseAttachmentsV1.UploadAttachmentResponse> {
    const saved = await this.attachments.upload({
      caseId: request.caseId,
      name: request.name,
      declaredType: request.declaredType,
      content: Buffer.from(request.content),
    });
    return { attachment: toMessage(saved) };
  }

  async listAttachments(
    request: caseAttachmentsV1.ListAttachmentsRequest,
  ): Promise<caseAttachmentsV1.ListAttachmentsResponse> {
    return { attachments: (await this.attachments.list(request.caseId)).map(toMessage) };
  }

  async getAttachment(
    request: caseAttachmentsV1.GetAttachmentRequest,
  ): Promise<caseAttachmentsV1.GetAttachmentResponse> {
    const { attachment, content } = await this.attachments.get(request.caseId, request.attachmentId);
    return { attachment: toMessage(attachment), content };
  }

  async deleteAttachment(
    request: caseAttachmentsV1.DeleteAttachmentRequest,
  ): Promise<caseAttachmentsV1.DeleteAttachmentResponse> {
    return deletedMessage(
      await this.attachments.delete(request.caseId, request.attachmentId, request.reason),
    );
  }
}

export function deletedMessage(record: AttachmentEntity): caseAttachmentsV1.DeleteAttachmentResponse {
  return {
    attachment: toMessage(record),
    deletedAt: record.deletedAt?.toISOString() ?? '',
    deletedBy: record.deletedBy ?? '',
    reason: record.deleteReason ?? '',
  };
}

function toMessage(record: AttachmentEntity): caseAttachmentsV1.Attachment {
  return {
    id: record.id,
    caseId: record.caseId,
    name: record.name,
    type: record.type,
    size: record.size,
    sha256: record.sha256,
    uploadedBy: record.uploadedBy,
    createdAt: record.createdAt.toISOString(),
  };
}
