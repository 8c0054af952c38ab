import { PayloadTooLargeException } from '@nestjs/common';
import { DomainError } from '@yiwang/platform';
import busboy from 'busboy';
import type { Request } from 'express';
import type { Readable } from 'node:stream';

export interface UploadedFile {
  name: string;
  declaredType: string;
  content: Buffer;
}

/** Multipart framing around one file is small; a body this much over the limit cannot fit. */
const MULTIPART_SLACK = 64 * 1024;

/**
 * Reads one uploaded file from the request as it streams in, refusing it (413) as soon as it passes the
 * limit: from Content-Length before any byte is read, else while counting. Accepts multipart/form-data
 * (the first file part) or a raw body whose Content-Type is the file's type and whose name comes from
 * `?name=` or Content-Disposition.
 */
export async function readUpload(request: Request, limit: number, name?: string): Promise<UploadedFile> {
  const type = request.headers['content-type'] ?? '';
  const declaredLength = Number(request.headers['content-length'] ?? NaN);
  const multipart = /^multipart\/form-data/i.test(type);
  if (Number.isFinite(declaredLength) && declaredLength > limit + (multipart ? MULTIPART_SLACK : 0))
    throw tooLarge(limit);
  if (multipart) return readMultipart(request, limit);
  return {
    name: name || filenameOf(request.headers['content-disposition']) || 'attachment',
    declaredType: type,
    content: await collect(request, limit),
  };
}

function collect(stream: Readable, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stream.removeAllListeners('data');
        stream.pause();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    stream.once('end', () => resolve(Buffer.concat(chunks, size)));
    stream.once('error', reject);
  });
}

function readMultipart(request: Request, limit: number): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: request.headers,
        limits: { files: 1, fileSize: limit, fields: 20, fieldSize: 16 * 1024, parts: 30 },
      });
    } catch {
      reject(DomainError.invalid('attachment.multipart_invalid', 'The multipart body has no boundary'));
      return;
    }
    let file: UploadedFile | null = null;
    let pending: Promise<void> | null = null;
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      request.unpipe(parser);
      reject(error);
    };
    parser.on('file', (_field, stream, info) => {
      if (file || pending) {
        stream.resume();
        return;
      }
      let size = 0;
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        chunks.push(chunk);
      });
      stream.on('limit', () => fail(tooLarge(limit)));
      pending = new Promise((done) =>
        stream.once('end', () => {
          if (!failed)
            file = {
              name: info.filename || 'attachment',
              declaredType: info.mimeType ?? '',
              content: Buffer.concat(chunks, size),
            };
          done();
        }),
      );
    });
    parser.once('error', () =>
      fail(DomainError.invalid('attachment.multipart_invalid', 'The multipart body is malformed')),
    );
    parser.once('close', () => {
      void (pending ?? Promise.resolve()).then(() => {
        if (failed) return;
        if (!file)
          fail(DomainError.invalid('attachment.file_missing', 'The multipart body has no file part'));
        else resolve(file);
      });
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
