import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { assertKey, CHUNK_BYTES, type AttachmentStorage, type PendingObject } from './attachment-storage.js';

/** Files under one directory; writes go to a temporary name first and are renamed into place. */
export class FilesystemStorage implements AttachmentStorage {
  readonly driver = 'filesystem' as const;
  private readonly root: string;

  constructor(directory: string) {
    this.root = resolve(directory);
  }

  async put(key: string, content: Buffer, type = ''): Promise<void> {
    const pending = await this.begin(key);
    try {
      await pending.write(content);
      await pending.commit(type);
    } catch (error) {
      await pending.abort();
      throw error;
    }
  }

  async begin(key: string): Promise<PendingObject> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    // Only the temporary name is written: a crash leaves a `.part` file, never a file under the key.
    const temporary = `${path}.${randomUUID()}.part`;
    return new PendingFile(path, temporary, await open(temporary, 'wx'));
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async open(key: string): Promise<AsyncIterable<Buffer> | null> {
    const path = this.pathOf(key);
    try {
      await stat(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    return createReadStream(path, { highWaterMark: CHUNK_BYTES });
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  private pathOf(key: string): string {
    assertKey(key);
    return join(this.root, ...key.split('/'));
  }
}

class PendingFile implements PendingObject {
  private closed = false;

  constructor(
    private readonly path: string,
    private readonly temporary: string,
    private readonly handle: FileHandle,
  ) {}

  async write(chunk: Buffer): Promise<void> {
    let offset = 0;
    while (offset < chunk.length) offset += (await this.handle.write(chunk, offset)).bytesWritten;
  }

  async commit(_type: string): Promise<void> {
    await this.close();
    await rename(this.temporary, this.path);
  }

  async abort(): Promise<void> {
    await this.close().catch(() => undefined);
    await rm(this.temporary, { force: true });
  }

  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close();
  }
}
