import { mkdtempSync, rmSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// s3rver: an S3-compatible server in Node, run in-process for this test.
import S3rver from 's3rver';
import type { AttachmentStorage } from '../../src/attachments/attachment-storage.js';
import { FilesystemStorage } from '../../src/attachments/filesystem.storage.js';
import { S3Storage } from '../../src/attachments/s3.storage.js';
import { aJpeg } from './files.js';

interface RunningS3 {
  close(): Promise<void>;
  endpoint: string;
}

async function startS3(directory: string): Promise<RunningS3> {
  const server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: [{ name: 'yiwang-attachments', configs: [] }],
  });
  const address: AddressInfo = await server.run();
  return { endpoint: `http://127.0.0.1:${address.port}`, close: () => server.close() };
}

/** The same contract for both drivers: put, get back byte for byte, missing is null, delete. */
function contract(name: string, make: () => AttachmentStorage) {
  describe(name, () => {
    it('stores and returns the bytes, answers null for a missing key, and deletes', async () => {
      const storage = make();
      const content = aJpeg(70_000);
      const key = `cases/0b9e2c9e-3b1e-4a4b-9a59-2d0d4b4e0a11/${Date.now().toString(36)}`;
      await storage.put(key, content, 'image/jpeg');
      expect((await storage.get(key))?.equals(content)).toBe(true);
      expect(await storage.get(`${key}0`)).toBeNull();
      await storage.delete(key);
      expect(await storage.get(key)).toBeNull();
      await storage.delete(key); // idempotent
    });

    it('writes in pieces, shows nothing until commit, leaves nothing on abort, and reads back in chunks', async () => {
      const storage = make();
      const content = aJpeg(3 * 1024 * 1024 + 123);
      const key = `cases/0b9e2c9e-3b1e-4a4b-9a59-2d0d4b4e0a11/s${Date.now().toString(36)}`;
      const pending = await storage.begin(key);
      for (let offset = 0; offset < content.length; offset += 100_000)
        await pending.write(content.subarray(offset, offset + 100_000));
      expect(await storage.open(key)).toBeNull();
      await pending.commit('image/jpeg');
      const chunks: Buffer[] = [];
      for await (const chunk of (await storage.open(key))!) chunks.push(Buffer.from(chunk));
      expect(Buffer.concat(chunks).equals(content)).toBe(true);
      expect(chunks.length).toBeGreaterThan(1);

      const dropped = await storage.begin(`${key}x`);
      await dropped.write(content.subarray(0, 1000));
      await dropped.abort();
      await dropped.abort(); // twice is harmless
      expect(await storage.open(`${key}x`)).toBeNull();
      await storage.delete(key);
    });

    it('refuses keys it did not make (no traversal)', async () => {
      const storage = make();
      await expect(storage.put('../etc/passwd', Buffer.from('x'), 'text/plain')).rejects.toThrow(
        /invalid storage key/,
      );
      await expect(storage.get('cases/../../x')).rejects.toThrow(/invalid storage key/);
    });
  });
}

describe('attachment storage drivers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'yiwang-attachments-'));
  let s3: RunningS3;
  const s3Options = () => ({
    endpoint: s3.endpoint,
    bucket: 'yiwang-attachments',
    region: 'us-east-1',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
    prefix: 'yiwang/',
  });

  beforeAll(async () => {
    s3 = await startS3(join(dir, 's3'));
  });
  afterAll(async () => {
    await s3?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  contract('filesystem', () => new FilesystemStorage(join(dir, 'fs')));
  contract('S3-compatible (s3rver, SigV4, path-style)', () => new S3Storage(s3Options()));

  it('leaves no temporary files behind on the filesystem', async () => {
    const storage = new FilesystemStorage(join(dir, 'fs2'));
    await storage.put('cases/a/b', Buffer.from('%PDF-'), 'application/pdf');
    expect(await readdir(join(dir, 'fs2', 'cases', 'a'))).toEqual(['b']);
    const abandoned = await storage.begin('cases/a/c');
    await abandoned.write(Buffer.from('%PDF-1.7'));
    await abandoned.abort();
    expect(await readdir(join(dir, 'fs2', 'cases', 'a'))).toEqual(['b']);
  });

  // s3rver parses SigV4 Authorization headers and checks the key id, but does not recompute V4
  // signatures: the signature itself is checked against AWS's published vectors in sigv4.spec.ts.
  it('is refused by the S3 server for an unknown access key', async () => {
    const storage = new S3Storage({ ...s3Options(), accessKeyId: 'NOT-A-KEY' });
    await expect(storage.put('cases/x/y', Buffer.from('x'), 'image/jpeg')).rejects.toThrow(
      /HTTP 403 InvalidAccessKeyId/,
    );
  });

  it('builds virtual-hosted URLs when path style is off', () => {
    const storage = new S3Storage({
      ...s3Options(),
      endpoint: 'https://s3.cn-north-1.example.com',
      forcePathStyle: false,
    });
    expect(storage.urlOf('cases/a/b').toString()).toBe(
      'https://yiwang-attachments.s3.cn-north-1.example.com/yiwang/cases/a/b',
    );
  });
});
