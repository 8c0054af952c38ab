/**
 * Where attachment bytes live. Keys are service-made (`cases/<case id>/<attachment id>`), never user input.
 * Drivers: the filesystem (default) and any S3-compatible object store.
 */
export interface AttachmentStorage {
  readonly driver: 'filesystem' | 's3';
  put(key: string, content: Buffer, type: string): Promise<void>;
  /** The bytes, or null when nothing is stored under the key. */
  get(key: string): Promise<Buffer | null>;
  /**
   * Starts writing an object in pieces. Nothing is visible under the key until `commit`; `abort` (or a
   * failed commit) leaves nothing behind.
   */
  begin(key: string): Promise<PendingObject>;
  /** The bytes in chunks of about CHUNK_BYTES, or null when nothing is stored under the key. */
  open(key: string): Promise<AsyncIterable<Buffer> | null>;
  delete(key: string): Promise<void>;
}

export interface PendingObject {
  write(chunk: Buffer): Promise<void>;
  /** Makes the object, of the given media type, visible under its key. */
  commit(type: string): Promise<void>;
  /** Drops what was written; safe to call more than once and after a failed commit. */
  abort(): Promise<void>;
}

/** The size of the chunks files travel in (gRPC messages and storage reads). */
export const CHUNK_BYTES = 256 * 1024;

export const ATTACHMENT_STORAGE = Symbol('attachment-storage');

const KEY = /^[a-z0-9]+(?:[/-][a-z0-9]+)*$/;

export function assertKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`invalid storage key ${JSON.stringify(key)}`);
}
