import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { caseAttachmentsV1 } from '@yiwang/contracts';
import type { AttachmentsClient } from '../downstream/downstream.module.js';
import type { UploadStream } from './upload-body.js';

/** The size of the gRPC messages a file travels in. */
export const CHUNK_BYTES = 256 * 1024;

/**
 * An upload as gRPC messages: the header on the first, the bytes regrouped into CHUNK_BYTES pieces, and
 * `last` on the final one (a stream that stops without it is discarded by the case service).
 */
export async function* uploadMessages(
  caseId: string,
  file: UploadStream,
): AsyncGenerator<caseAttachmentsV1.UploadAttachmentRequest> {
  const header = { caseId, name: file.name, declaredType: file.declaredType };
  let first = true;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const message = (content: Buffer, last: boolean) => {
    const out = first
      ? { ...header, content, last }
      : { caseId: '', name: '', declaredType: '', content, last };
    first = false;
    return out;
  };
  for await (const chunk of file.chunks) {
    pending.push(chunk);
    pendingBytes += chunk.length;
    // Keep at least one byte back: the final message has to carry `last`.
    while (pendingBytes > CHUNK_BYTES) {
      const all = Buffer.concat(pending, pendingBytes);
      yield message(all.subarray(0, CHUNK_BYTES), false);
      pending = [all.subarray(CHUNK_BYTES)];
      pendingBytes -= CHUNK_BYTES;
    }
  }
  yield message(Buffer.concat(pending, pendingBytes), true);
}

/**
 * Starts a download: answers the metadata once the first message has come (so a missing attachment is
 * still a 404 problem), and the bytes as they arrive.
 */
export async function attachmentDownload(
  client: AttachmentsClient,
  caseId: string,
  attachmentId: string,
): Promise<{ attachment: caseAttachmentsV1.Attachment; chunks: AsyncIterable<Uint8Array> }> {
  const stream = client.receiveStream('getAttachment', { caseId, attachmentId }, { deadlineMs: 120_000 });
  const messages = stream[Symbol.asyncIterator]();
  const first = await messages.next();
  if (first.done || !first.value.attachment) {
    await messages.return?.(undefined);
    throw new Error('the case service sent no attachment metadata');
  }
  async function* chunks(): AsyncGenerator<Uint8Array> {
    try {
      if (first.value.content.length > 0) yield first.value.content;
      for (let next = await messages.next(); !next.done; next = await messages.next())
        yield next.value.content;
    } finally {
      await messages.return?.(undefined);
    }
  }
  return { attachment: first.value.attachment, chunks: chunks() };
}

/**
 * Writes the chunks to the HTTP response, waiting for `drain`. A failure after the headers went out cannot
 * become a problem document: the response is cut off, and the client sees fewer bytes than Content-Length.
 */
export async function pipeTo(chunks: AsyncIterable<Uint8Array>, response: Writable): Promise<void> {
  try {
    for await (const chunk of chunks) {
      if (response.destroyed) break;
      if (!response.write(chunk)) await Promise.race([once(response, 'drain'), once(response, 'close')]);
    }
    response.end();
  } catch (error) {
    response.destroy(error as Error);
  }
}
