import { Controller, Delete, Get, Inject, PayloadTooLargeException, Post, Req, Res } from '@nestjs/common';
import type { caseAttachmentsV1 } from '@yiwang/contracts';
import { CONFIG, DomainError, isDomainError } from '@yiwang/platform';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { RequirePermission } from '../auth/permission.guard.js';
import type { GatewayConfig } from '../gateway.config.js';
import {
  ApiRoute,
  ApiRouteWriting,
  ValidBody,
  ValidParams,
  ValidQuery,
  named,
} from '../openapi/api-route.decorator.js';
import { listOf } from '../openapi/api-schemas.js';
import { protoMessage } from '../openapi/proto-schema.js';
import { ATTACHMENTS_CLIENT, type AttachmentsClient } from '../downstream/downstream.module.js';
import { attachmentDownload, pipeTo, uploadMessages } from './attachment-streams.js';
import { contentDisposition, openUpload } from './upload-body.js';

const caseParams = z.object({ id: z.string().min(1).max(64) });
const attachmentParams = z.object({ id: z.string().min(1).max(64), attachmentId: z.string().min(1).max(64) });
const uploadQuery = z.object({ name: z.string().min(1).max(255).optional() });
/** Documents the streamed body (read by readUpload, not parsed into an object): one file part. */
const uploadBody = z.object({
  file: z
    .string()
    .meta({ format: 'binary' })
    .describe('The photo or document; its type is read from its bytes, its name from the part or ?name='),
});
const attachment = named(
  'Attachment',
  protoMessage<caseAttachmentsV1.Attachment>('yiwang.case.v1.Attachment'),
);

const deleteBody = z
  .object({ reason: z.string().trim().min(1).max(500).describe('Why it is taken off the case') })
  .strict();
const deleted = named(
  'DeletedAttachment',
  z.strictObject({
    attachment,
    deletedAt: z.string(),
    deletedBy: z.string().describe('The user or client that deleted it'),
    reason: z.string(),
  }),
);

/** Photos and documents on a case: streamed in under a size limit, typed from their bytes, scoped like the case. */
@Controller('api/v1/cases/:id/attachments')
export class CaseAttachmentsHttpController {
  private readonly maxBytes: number;

  constructor(
    @Inject(ATTACHMENTS_CLIENT) private readonly attachments: AttachmentsClient,
    @Inject(CONFIG) config: GatewayConfig,
  ) {
    this.maxBytes = config.ATTACHMENTS_MAX_BYTES;
  }

  @Post()
  @RequirePermission('case:attach')
  @ApiRoute({
    tag: 'cases',
    summary: 'Attach a photo or document (multipart/form-data, or the raw file with its Content-Type)',
    params: caseParams,
    query: uploadQuery,
    body: uploadBody,
    bodyType: 'multipart/form-data',
    response: attachment,
    status: 201,
    errors: [404, 413],
  })
  async upload(
    @ValidParams() { id }: z.output<typeof caseParams>,
    @ValidQuery() { name }: z.output<typeof uploadQuery>,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    // A JSON body was already read by the body parser: there is no file left to stream (it would wait forever).
    if (request.body !== undefined)
      throw DomainError.invalid('request.invalid', 'The request is not valid', [
        {
          field: 'body',
          message: 'send the file as multipart/form-data or raw with its own Content-Type, not JSON',
        },
      ]);
    let result: caseAttachmentsV1.UploadAttachmentResponse;
    try {
      const file = await openUpload(request, this.maxBytes, name);
      result = await this.attachments.sendStream('uploadAttachment', uploadMessages(id, file), {
        deadlineMs: 120_000,
      });
    } catch (error) {
      // The rest of the body is not read: close the connection rather than leave it half-consumed.
      response.setHeader('Connection', 'close');
      request.resume();
      // The case service's own limit (it may be the lower one) is the same 413 to the caller.
      if (isDomainError(error) && error.code === 'case.attachment_too_large')
        throw new PayloadTooLargeException(error.message);
      throw error;
    }
    const saved = result.attachment!;
    response.status(201).location(`/api/v1/cases/${id}/attachments/${saved.id}`);
    return saved;
  }

  @Get()
  @RequirePermission('case:read')
  @ApiRoute({
    tag: 'cases',
    summary: 'Attachments of a case',
    params: caseParams,
    response: listOf(attachment),
    errors: [404],
  })
  async list(@ValidParams() { id }: z.output<typeof caseParams>) {
    const result = await this.attachments.call('listAttachments', { caseId: id });
    return { items: result.attachments ?? [] };
  }

  @Delete(':attachmentId')
  @RequirePermission('case:attach')
  @ApiRoute({
    tag: 'cases',
    summary: 'Take an attachment off the case (bytes removed; who, when and why kept; event published)',
    params: attachmentParams,
    body: deleteBody,
    response: deleted,
    errors: [404],
  })
  async delete(
    @ValidParams() { id, attachmentId }: z.output<typeof attachmentParams>,
    @ValidBody() { reason }: z.output<typeof deleteBody>,
  ) {
    const result = await this.attachments.call('deleteAttachment', { caseId: id, attachmentId, reason });
    return { ...result, attachment: result.attachment! };
  }

  @Get(':attachmentId')
  @RequirePermission('case:read')
  @ApiRouteWriting({
    tag: 'cases',
    summary: 'Download an attachment',
    params: attachmentParams,
    response: z.string().describe('The file, with its own Content-Type'),
    responseType: 'application/octet-stream',
    errors: [404],
  })
  async download(
    @ValidParams() { id, attachmentId }: z.output<typeof attachmentParams>,
    @Res() response: Response,
  ): Promise<void> {
    const { attachment: meta, chunks } = await attachmentDownload(this.attachments, id, attachmentId);
    response
      .status(200)
      .setHeader('Content-Type', meta.type)
      .setHeader('Content-Length', String(meta.size))
      .setHeader('Content-Disposition', contentDisposition(meta.name))
      .setHeader('X-Content-Type-Options', 'nosniff')
      .setHeader('Cache-Control', 'private, max-age=0, must-revalidate')
      .setHeader('ETag', `"sha256-${meta.sha256}"`);
    await pipeTo(chunks, response);
  }
}
