import { once } from 'node:events';
import type { Metadata, ServerReadableStream, ServerWritableStream } from '@grpc/grpc-js';
import { Controller } from '@nestjs/common';
import { caseAttachmentsV1 } from '@yiwang/contracts';
import { applyTextPolicy } from '@yiwang/platform';
import { Observable } from 'rxjs';
import { CHUNK_BYTES } from './attachment-storage.js';
import type { AttachmentEntity } from './attachment.entity.js';
import { AttachmentsService, type UploadPart } from './attachments.service.js';
import { messagesOf } from './grpc-message-queue.js';

/** gRPC transport for attachments: translates messages, nothing more. */
@Controller()
@caseAttachmentsV1.CaseAttachmentServiceControllerMethods()
export class AttachmentsGrpcController implements caseAttachmentsV1.CaseAttachmentServiceController {
  constructor(private readonly attachments: AttachmentsService) {}

  async uploadAttachment(
    requests: Observable<caseAttachmentsV1.UploadAttachmentRequest>,
    _metadata?: Metadata,
    call?: ServerReadableStream<caseAttachmentsV1.UploadAttachmentRequest, unknown>,
  ): Promise<caseAttachmentsV1.UploadAttachmentResponse> {
    const messages = messagesOf(requests, call)[Symbol.asyncIterator]();
    const first = await messages.next();
    // The interceptor cannot see into a stream: the text policy applies to the header here.
    const header = applyTextPolicy(
      first.done
        ? { caseId: '', name: '', declaredType: '' }
        : { caseId: first.value.caseId, name: first.value.name, declaredType: first.value.declaredType },
      'request',
    );
    async function* parts(): AsyncGenerator<UploadPart> {
      if (first.done) return;
      yield { content: Buffer.from(first.value.content), last: first.value.last };
      for (let next = await messages.next(); !next.done; next = await messages.next())
        yield { content: Buffer.from(next.value.content), last: next.value.last };
    }
    try {
      const saved = await this.attachments.upload(header, parts());
      return { attachment: toMessage(saved) };
    } finally {
      await messages.return?.();
    }
  }

  async listAttachments(
    request: caseAttachmentsV1.ListAttachmentsRequest,
  ): Promise<caseAttachmentsV1.ListAttachmentsResponse> {
    return { attachments: (await this.attachments.list(request.caseId)).map(toMessage) };
  }

  /**
   * The metadata first, then the bytes in chunks of at most CHUNK_BYTES. Reading waits while the call's
   * send buffer is full, so a large file is never held in memory whole.
   */
  getAttachment(
    request: caseAttachmentsV1.GetAttachmentRequest,
    _metadata?: Metadata,
    call?: ServerWritableStream<unknown, caseAttachmentsV1.GetAttachmentResponse>,
  ): Observable<caseAttachmentsV1.GetAttachmentResponse> {
    return new Observable((subscriber) => {
      let stopped = false;
      void (async () => {
        try {
          const { attachment, chunks } = await this.attachments.open(request.caseId, request.attachmentId);
          subscriber.next({ attachment: toMessage(attachment), content: new Uint8Array(0) });
          for await (const chunk of chunks) {
            if (stopped) break;
            for (let offset = 0; offset < chunk.length; offset += CHUNK_BYTES)
              subscriber.next({
                attachment: undefined,
                content: chunk.subarray(offset, offset + CHUNK_BYTES),
              });
            if (call?.writableNeedDrain && !call.cancelled)
              await Promise.race([once(call, 'drain'), once(call, 'close')]);
          }
          subscriber.complete();
        } catch (error) {
          subscriber.error(error);
        }
      })();
      return () => {
        stopped = true;
      };
    });
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
