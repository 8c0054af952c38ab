/**
 * Where attachment bytes live. Keys are service-made (`cases/<case id>/<attachment id>`), never user input.
 * Drivers: the filesystem (default) and any S3-compatible object store.
 */
export interface AttachmentStorage {
  readonly driver: 'filesystem' | 's3';
  put(key: string, content: Buffer, type: string): Promise<void>;
  /** The bytes, or null when nothing is stored under the key. */
  get(key: string): Promise<Buffer | null>;
  delete(key: string): Promise<void>;
}

export const ATTACHMENT_STORAGE = Symbol('attachment-storage');

const KEY = /^[a-z0-9]+(?:[/-][a-z0-9]+)*$/;

export function assertKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`invalid storage key ${JSON.stringify(key)}`);
}
