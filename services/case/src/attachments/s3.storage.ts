import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { assertKey, type AttachmentStorage, type PendingObject } from './attachment-storage.js';
import { sha256Hex, signV4, uriEncode } from './sigv4.js';

export interface S3Options {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `https://host/bucket/key` (MinIO, Ceph, most self-hosted stores) rather than `https://bucket.host/key`. */
  forcePathStyle: boolean;
  /** Prepended to every key, e.g. `yiwang/`. */
  prefix?: string;
  timeoutMs?: number;
}

/** Any S3-compatible store over plain HTTP(S) with SigV4-signed requests; no SDK. */
export class S3Storage implements AttachmentStorage {
  readonly driver = 's3' as const;

  constructor(private readonly options: S3Options) {}

  async put(key: string, content: Buffer, type: string): Promise<void> {
    const response = await this.send('PUT', key, content, { 'content-type': type });
    if (!response.ok) throw await failure('PUT', key, response);
  }

  async get(key: string): Promise<Buffer | null> {
    const response = await this.send('GET', key);
    if (response.status === 404) return null;
    if (!response.ok) throw await failure('GET', key, response);
    return Buffer.from(await response.arrayBuffer());
  }

  /**
   * An object store has no rename: the pieces are spooled to a local temporary file (hashed as they come)
   * and sent in one signed PUT on commit, so the object appears whole or not at all.
   */
  async begin(key: string): Promise<PendingObject> {
    assertKey(key);
    const spool = join(tmpdir(), `yiwang-s3-${randomUUID()}.part`);
    const handle = await open(spool, 'wx');
    const hash = createHash('sha256');
    let size = 0;
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      await handle.close();
    };
    return {
      write: async (chunk) => {
        hash.update(chunk);
        size += chunk.length;
        await writeAll(handle, chunk);
      },
      commit: async (type) => {
        await close();
        try {
          const body = Readable.toWeb(createReadStream(spool)) as ReadableStream<Uint8Array>;
          const response = await this.send(
            'PUT',
            key,
            body,
            {
              'content-type': type,
              'content-length': String(size),
            },
            hash.digest('hex'),
          );
          if (!response.ok) throw await failure('PUT', key, response);
        } finally {
          await rm(spool, { force: true });
        }
      },
      abort: async () => {
        await close().catch(() => undefined);
        await rm(spool, { force: true });
      },
    };
  }

  async open(key: string): Promise<AsyncIterable<Buffer> | null> {
    const response = await this.send('GET', key);
    if (response.status === 404) return null;
    if (!response.ok) throw await failure('GET', key, response);
    if (!response.body) return (async function* () {})();
    return Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>);
  }

  async delete(key: string): Promise<void> {
    const response = await this.send('DELETE', key);
    if (!response.ok && response.status !== 404) throw await failure('DELETE', key, response);
  }

  /** The object's URL: the key is encoded once, segment by segment. */
  urlOf(key: string): URL {
    assertKey(key);
    const { endpoint, bucket, forcePathStyle, prefix = '' } = this.options;
    const base = new URL(endpoint);
    const objectPath = `${prefix}${key}`
      .split('/')
      .map((s) => uriEncode(s))
      .join('/');
    const basePath = base.pathname.replace(/\/$/, '');
    if (forcePathStyle) {
      base.pathname = `${basePath}/${uriEncode(bucket)}/${objectPath}`;
    } else {
      base.hostname = `${bucket}.${base.hostname}`;
      base.pathname = `${basePath}/${objectPath}`;
    }
    return base;
  }

  private async send(
    method: string,
    key: string,
    body?: Buffer | ReadableStream<Uint8Array>,
    headers: Record<string, string> = {},
    bodyHash?: string,
  ): Promise<Response> {
    const url = this.urlOf(key);
    const signed = signV4({
      method,
      url,
      headers,
      payloadHash: bodyHash ?? sha256Hex(Buffer.isBuffer(body) ? body : ''),
      accessKeyId: this.options.accessKeyId,
      secretAccessKey: this.options.secretAccessKey,
      region: this.options.region,
      service: 's3',
      date: new Date(),
      contentSha256Header: true,
    });
    const { host: _host, ...sendHeaders } = signed.headers;
    return fetch(url, {
      method,
      headers: sendHeaders,
      body: Buffer.isBuffer(body) ? new Uint8Array(body) : body,
      // A stream body is sent as it is read (fetch requires saying so).
      ...(body && !Buffer.isBuffer(body) ? { duplex: 'half' } : {}),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
    });
  }
}

async function failure(method: string, key: string, response: Response): Promise<Error> {
  const text = await response.text().catch(() => '');
  const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? '';
  return new Error(`S3 ${method} ${key} failed: HTTP ${response.status} ${code}`.trim());
}

async function writeAll(handle: FileHandle, chunk: Buffer): Promise<void> {
  let offset = 0;
  while (offset < chunk.length) offset += (await handle.write(chunk, offset)).bytesWritten;
}
