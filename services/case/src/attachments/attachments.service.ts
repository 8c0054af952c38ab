import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  CONFIG,
  DomainError,
  IdentityContext,
  isUnrestricted,
  logger,
  OutboxWriter,
  segmentsWithin,
} from '@yiwang/platform';
import { subjects } from '@yiwang/contracts';
import { DataSource } from 'typeorm';
import { currentActor } from '../shared/case-actor.js';
import type { CaseConfig } from '../case.config.js';
import { ATTACHMENT_STORAGE, type AttachmentStorage } from './attachment-storage.js';
import { essence, isGenericType, sniffType } from './attachment-types.js';
import type { AttachmentEntity } from './attachment.entity.js';
import { AttachmentRepository } from './attachment.repository.js';
import { AttachmentErrors } from './attachments.errors.js';

export interface UploadHeader {
  caseId: string;
  name: string;
  declaredType: string;
}

/** One piece of an upload as it arrives; the final one says `last`. */
export interface UploadPart {
  content: Buffer;
  last: boolean;
}

/** Enough of the file's start to tell its type (an Office file names it in an early ZIP entry). */
const SNIFF_BYTES = 1024 * 1024;
const TYPE_ALIASES: Record<string, string> = { 'image/jpg': 'image/jpeg', 'image/pjpeg': 'image/jpeg' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Photos and documents on a case: type from the bytes, size limit, SHA-256, bytes in the storage driver. */
@Injectable()
export class AttachmentsService {
  private readonly allowed: readonly string[];
  private readonly maxBytes: number;

  constructor(
    private readonly attachments: AttachmentRepository,
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    @Inject(ATTACHMENT_STORAGE) private readonly storage: AttachmentStorage,
    @Inject(CONFIG) config: CaseConfig,
  ) {
    this.allowed = config.ATTACHMENTS_TYPES;
    this.maxBytes = config.ATTACHMENTS_MAX_BYTES;
  }

  /**
   * Streams a file into storage while counting (refused as soon as it passes the limit), hashing and
   * keeping its first bytes for the type. Only after the part marked `last` does the file get its row, and
   * the stored object is committed inside that row's transaction: both appear, or neither. A stream that
   * ends without `last` (the caller gave up) or fails on the way leaves nothing behind.
   */
  async upload(header: UploadHeader, parts: AsyncIterable<UploadPart>): Promise<AttachmentEntity> {
    await this.requireCase(header.caseId);
    const name = cleanName(header.name);
    const declared = essence(header.declaredType);
    const id = randomUUID();
    const storageKey = `cases/${header.caseId.toLowerCase()}/${id}`;
    const pending = await this.storage.begin(storageKey);
    const hash = createHash('sha256');
    const head: Buffer[] = [];
    let headBytes = 0;
    let size = 0;
    let complete = false;
    try {
      for await (const part of parts) {
        size += part.content.length;
        if (size > this.maxBytes) throw AttachmentErrors.tooLarge(this.maxBytes);
        if (headBytes < SNIFF_BYTES && part.content.length > 0) {
          head.push(part.content);
          headBytes += part.content.length;
        }
        hash.update(part.content);
        await pending.write(part.content);
        if (part.last) {
          complete = true;
          break;
        }
      }
      if (!complete) throw AttachmentErrors.incomplete();
      if (size === 0) throw AttachmentErrors.empty();
      const found = sniffType(Buffer.concat(head, headBytes));
      if (!found || !this.allowed.includes(found)) throw AttachmentErrors.unsupportedType(this.allowed);
      if (!isGenericType(declared) && (TYPE_ALIASES[declared] ?? declared) !== found)
        throw AttachmentErrors.typeMismatch(declared, found);
      const saved = await this.dataSource.transaction(async (manager) => {
        const row = await this.attachments.insert(
          {
            id,
            caseId: header.caseId,
            name,
            type: found,
            size,
            sha256: hash.digest('hex'),
            storageDriver: this.storage.driver,
            storageKey,
            uploadedBy: IdentityContext.current()?.subject ?? 'anonymous',
          },
          manager,
        );
        // Last step before the commit: a failed write rolls the row back.
        await pending.commit(found);
        return row;
      });
      logger().info(
        { caseId: header.caseId, attachmentId: id, type: found, size: saved.size },
        'attachment stored',
      );
      return saved;
    } catch (error) {
      logger().info(
        { caseId: header.caseId, attachmentId: id, size, err: error },
        'attachment upload discarded',
      );
      await pending.abort().catch(() => undefined);
      // The object may be in place when only the database's commit failed: no row, no object.
      if (complete) await this.storage.delete(storageKey).catch(() => undefined);
      throw error;
    }
  }

  async list(caseId: string): Promise<AttachmentEntity[]> {
    await this.requireCase(caseId);
    return this.attachments.list(caseId);
  }

  /** The attachment's metadata and its bytes as a stream of chunks (read as they are sent). */
  async open(
    caseId: string,
    id: string,
  ): Promise<{ attachment: AttachmentEntity; chunks: AsyncIterable<Buffer> }> {
    await this.requireCase(caseId);
    const attachment = UUID.test(id) ? await this.attachments.find(caseId, id) : null;
    if (!attachment) throw AttachmentErrors.notFound(id);
    const chunks = await this.storage.open(attachment.storageKey);
    if (!chunks) throw AttachmentErrors.storageMissing(id);
    return { attachment, chunks };
  }

  /**
   * Takes an attachment off the case: the row is marked (who, when, why) and case.v1.attachment-deleted
   * published in one transaction; the bytes are removed after it commits (a failed removal leaves an
   * unreachable object, never a listed attachment without bytes).
   */
  async delete(caseId: string, id: string, reason: string): Promise<AttachmentEntity> {
    await this.requireCase(caseId);
    const why = (reason ?? '').trim();
    if (why.length < 1 || why.length > 500) throw AttachmentErrors.reasonRequired();
    const actor = currentActor();
    const facts = (await this.attachments.caseFacts(caseId))!;
    const deleted = await this.dataSource.transaction(async (manager) => {
      const row = UUID.test(id)
        ? await this.attachments.markDeleted(manager, caseId, id, actor.subject, why)
        : null;
      if (!row) throw AttachmentErrors.notFound(id);
      await this.outbox.publish(manager, subjects.case.attachmentDeleted, {
        caseId,
        attachmentId: row.id,
        category: facts.category,
        unitCode: facts.unitCode,
        unitPath: facts.unitPath,
        type: row.type,
        size: row.size,
        sha256: row.sha256,
        actor: {
          subject: actor.subject.slice(0, 128),
          role: actor.role.slice(0, 64),
          unitCode: actor.unitCode,
          departmentCode: actor.departmentCode,
        },
        reason: why,
        occurredAt: (row.deletedAt ?? new Date()).toISOString(),
      });
      return row;
    });
    await this.storage
      .delete(deleted.storageKey)
      .catch((error: unknown) =>
        logger().warn({ err: error, attachmentId: id }, 'attachment bytes not removed'),
      );
    logger().info({ caseId, attachmentId: id }, 'attachment deleted');
    return deleted;
  }

  /** The case must exist and lie in the caller's data scope (a subtree of the administrative tree). */
  private async requireCase(caseId: string): Promise<void> {
    const path = UUID.test(caseId) ? await this.attachments.caseUnitPath(caseId) : null;
    if (!path) throw AttachmentErrors.caseNotFound(caseId);
    const identity = IdentityContext.current();
    if (!identity) throw new DomainError('unauthenticated', 'auth.missing_identity', 'No caller identity');
    if (isUnrestricted(identity)) return;
    if (!identity.scopePath || !segmentsWithin(path, identity.scopePath))
      throw AttachmentErrors.outOfScope(caseId);
  }
}

/** Keeps the uploader's file name for display and Content-Disposition; strips any directory part. */
function cleanName(name: string): string {
  const base = (name ?? '').split(/[\\/]/).pop()!.trim();
  // eslint-disable-next-line no-control-regex
  if (!base || base.length > 255 || /[\u0000-\u001f\u007f]/.test(base)) throw AttachmentErrors.invalidName();
  return base;
}
