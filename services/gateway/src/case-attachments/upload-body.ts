import { PayloadTooLargeException } from '@nestjs/common';
import { DomainError } from '@yiwang/platform';
import busboy from 'busboy';
import type { Request } from 'express';
import type { Readable } from 'node:stream';

export interface UploadStream {
  name: string;
  declaredType: string;
  /** The file's bytes as they arrive; throws 413 as soon as they pass the limit. */
  chunks: AsyncIterable<Buffer>;
}

/** Multipart framing around one file is small; a body this much over the limit cannot fit. */
const MULTIPART_SLACK = 64 * 1024;

/**
 * Opens one uploaded file in the request for streaming, refusing it (413) as soon as it passes the limit:
 * from Content-Length before any byte is read, else while counting. Accepts multipart/form-data (the first
 * file part) or a raw body whose Content-Type is the file's type and whose name comes from `?name=` or
 * Content-Disposition. Nothing is buffered beyond what the reader has not taken yet.
 */
export async function openUpload(request: Request, limit: number, name?: string): Promise<UploadStream> {
  const type = request.headers['content-type'] ?? '';
  const declaredLength = Number(request.headers['content-length'] ?? NaN);
  const multipart = /^multipart\/form-data/i.test(type);
  if (Number.isFinite(declaredLength) && declaredLength > limit + (multipart ? MULTIPART_SLACK : 0))
    throw tooLarge(limit);
  if (multipart) return openMultipart(request, limit);
  return {
    name: name || filenameOf(request.headers['content-disposition']) || 'attachment',
    declaredType: type,
    chunks: limited(request, limit),
  };
}

/**
 * The stream's chunks, counted. Past the limit it stops reading without destroying the stream: for the
 * request itself that would take the socket, and the 413 with it.
 */
async function* limited(stream: Readable, limit: number, onTooLarge?: () => void): AsyncGenerator<Buffer> {
  let size = 0;
  for await (const chunk of stream.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      stream.pause();
      onTooLarge?.();
      throw tooLarge(limit);
    }
    yield chunk;
  }
}

function openMultipart(request: Request, limit: number): Promise<UploadStream> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: request.headers,
        // One byte over the limit reaches the counter, which refuses it.
        limits: { files: 1, fileSize: limit + 1, fields: 20, fieldSize: 16 * 1024, parts: 30 },
      });
    } catch {
      reject(DomainError.invalid('attachment.multipart_invalid', 'The multipart body has no boundary'));
      return;
    }
    let opened = false;
    parser.on('file', (_field, stream, info) => {
      if (opened) {
        stream.resume();
        return;
      }
      opened = true;
      resolve({
        name: info.filename || 'attachment',
        declaredType: info.mimeType ?? '',
        chunks: limited(stream, limit, () => request.unpipe(parser)),
      });
    });
    parser.once('error', () => {
      request.unpipe(parser);
      reject(DomainError.invalid('attachment.multipart_invalid', 'The multipart body is malformed'));
    });
    parser.once('close', () => {
      if (!opened)
        reject(DomainError.invalid('attachment.file_missing', 'The multipart body has no file part'));
    });
    request.pipe(parser);
  });
}

function tooLarge(limit: number): PayloadTooLargeException {
  return new PayloadTooLargeException(`The attachment is larger than the limit of ${limit} bytes`);
}

/** `attachment; filename="a.jpg"; filename*=UTF-8''%E7%85%A7.jpg` → the UTF-8 name when given. */
export function filenameOf(header: string | undefined): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (extended) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      return null;
    }
  }
  return (
    /filename\s*=\s*"([^"]*)"/i.exec(header)?.[1] ?? /filename\s*=\s*([^;\s]+)/i.exec(header)?.[1] ?? null
  );
}

/** Content-Disposition for a download: an ASCII fallback and the exact UTF-8 name (RFC 6266 / 8187). */
export function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
