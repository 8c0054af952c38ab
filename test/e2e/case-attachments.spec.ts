import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { aCaseReport, testNatsPrefix, testNatsUrl, waitFor } from '@yiwang/testing';
import { aDocx, aJpeg, aPdf, aPng } from '../../services/case/test/attachments/files.js';
import { startPlatform, type PlatformStack } from './platform-stack.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
type Json = Record<string, any>;

// Above the old one-message cap (15 MiB): files stream through in 256 KiB chunks.
const LIMIT = 24 * 1024 * 1024;
const MiB = 1024 * 1024;

/**
 * Attachments end to end with the filesystem driver: gateway (streamed, size-limited) → gRPC → case
 * service (type from the bytes, SHA-256, metadata row) → files on disk, and back.
 */
describe('case attachments through the gateway', () => {
  let platform: PlatformStack;
  let token: string;
  let caseId: string;
  const dir = mkdtempSync(join(tmpdir(), 'yiwang-e2e-attachments-'));

  beforeAll(async () => {
    platform = await startPlatform('attachments', {
      ATTACHMENTS_DIR: dir,
      ATTACHMENTS_MAX_BYTES: String(LIMIT),
    });
    token = await platform.tokenFor('grid_worker', '440106001001');
    const created = await fetch(`${platform.gateway}/api/v1/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(aCaseReport({ unitCode: '440106001001-G01' })),
    });
    expect(created.status).toBe(201);
    caseId = ((await created.json()) as Json).id;
  }, 180_000);

  afterAll(async () => {
    await platform?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const base = () => `${platform.gateway}/api/v1/cases/${caseId}/attachments`;
  const upload = (body: RequestInit['body'], headers: Record<string, string>, query = '', bearer = token) =>
    fetch(`${base()}${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, ...headers },
      body,
    });
  const get = (path: string, bearer = token) =>
    fetch(`${base()}${path}`, { headers: { authorization: `Bearer ${bearer}` } });

  it('takes a raw JPEG, keeps it on disk with its SHA-256, and serves it back byte for byte', async () => {
    const photo = aJpeg(50_000);
    const response = await upload(
      new Uint8Array(photo),
      { 'content-type': 'image/jpeg' },
      '?name=现场照片.jpg',
    );
    expect(response.status).toBe(201);
    const saved = (await response.json()) as Json;
    expect(saved).toMatchObject({
      caseId,
      name: '现场照片.jpg',
      type: 'image/jpeg',
      size: photo.length,
      sha256: createHash('sha256').update(photo).digest('hex'),
    });
    expect(response.headers.get('location')).toBe(`/api/v1/cases/${caseId}/attachments/${saved.id}`);
    expect(readFileSync(join(dir, 'cases', caseId, saved.id)).equals(photo)).toBe(true);

    const download = await get(`/${saved.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/jpeg');
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="____.jpg"; filename*=UTF-8''${encodeURIComponent('现场照片.jpg')}`,
    );
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await download.arrayBuffer()).equals(photo)).toBe(true);
  });

  it('takes multipart/form-data and a .docx, and lists what the case holds', async () => {
    const form = new FormData();
    form.append('note', 'ignored field');
    form.append('file', new Blob([new Uint8Array(aPng())], { type: 'image/png' }), 'before.png');
    const png = await upload(form, {});
    expect(png.status).toBe(201);
    expect((await png.json()) as Json).toMatchObject({ name: 'before.png', type: 'image/png' });

    const docx = await upload(new Uint8Array(aDocx()), {
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent('处置报告.docx')}`,
    });
    expect(docx.status).toBe(201);
    expect((await docx.json()) as Json).toMatchObject({
      name: '处置报告.docx',
      type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    });

    const list = (await (await get('')).json()) as Json;
    expect(list.items.map((a: Json) => a.name)).toEqual(['现场照片.jpg', 'before.png', '处置报告.docx']);
  });

  it('refuses a type its bytes do not bear out, and bytes of no accepted type', async () => {
    const mismatch = await upload(new Uint8Array(aPdf()), { 'content-type': 'image/png' }, '?name=x.png');
    expect(mismatch.status).toBe(400);
    expect(((await mismatch.json()) as Json).code).toBe('case.attachment_type_mismatch');
    const program = await upload(Buffer.from('MZ\x90\x00program', 'latin1'), {
      'content-type': 'application/octet-stream',
    });
    expect(program.status).toBe(400);
    expect(((await program.json()) as Json).code).toBe('case.attachment_type_unsupported');
    const empty = await upload(new Uint8Array(0), { 'content-type': 'image/jpeg' });
    expect(empty.status).toBe(400);
  });

  it('answers 413 problem+json past the size limit, declared or streamed', async () => {
    const declared = await upload(new Uint8Array(aJpeg(LIMIT + 1)), { 'content-type': 'image/jpeg' });
    expect(declared.status).toBe(413);
    expect(declared.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await declared.json()) as Json).code).toBe('request.too_large');

    // Chunked, no Content-Length: counted while streaming.
    const streamed = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL(base());
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'image/jpeg' },
        },
        (res) => {
          responded = true;
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        },
      );
      // The gateway answers and closes the connection while the client is still sending.
      let responded = false;
      req.on('error', (error) => (responded ? undefined : reject(error)));
      const chunk = aJpeg(64 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent < LIMIT + 4 * MiB && !responded) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body).code).toBe('request.too_large');

    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(aJpeg(LIMIT + 10))], { type: 'image/jpeg' }), 'big.jpg');
    const multipart = await upload(form, {});
    expect(multipart.status).toBe(413);
  });

  const storedFiles = () =>
    existsSync(join(dir, 'cases', caseId)) ? readdirSync(join(dir, 'cases', caseId)).sort() : [];
  const listedIds = async () =>
    (((await (await get('')).json()) as Json).items as Json[]).map((a) => a.id as string);

  it('streams a 20 MiB file through both ways, byte-identical by SHA-256', async () => {
    const big = aJpeg(20 * MiB);
    const digest = createHash('sha256').update(big).digest('hex');
    const started = Date.now();
    const response = await upload(new Uint8Array(big), { 'content-type': 'image/jpeg' }, '?name=航拍.jpg');
    expect(response.status).toBe(201);
    const saved = (await response.json()) as Json;
    expect(saved).toMatchObject({ size: 20 * MiB, sha256: digest, type: 'image/jpeg' });
    const uploadMs = Date.now() - started;

    const download = await get(`/${saved.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-length')).toBe(String(20 * MiB));
    const back = Buffer.from(await download.arrayBuffer());
    expect(back.length).toBe(20 * MiB);
    expect(createHash('sha256').update(back).digest('hex')).toBe(digest);
    expect(readFileSync(join(dir, 'cases', caseId, saved.id)).equals(big)).toBe(true);
    console.info(`20 MiB: upload ${uploadMs} ms, round trip ${Date.now() - started} ms`);
  });

  it('stores nothing for an over-limit upload or one the client abandons half-way', async () => {
    const filesBefore = storedFiles();
    const idsBefore = await listedIds();

    // Chunked, so it streams on into the case service until the gateway's count passes the limit.
    const over = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
      const url = new URL(base());
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: `${url.pathname}?name=over.jpg`,
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'image/jpeg' },
        },
        (res) => {
          responded = true;
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () =>
            resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body }),
          );
        },
      );
      let responded = false;
      req.on('error', (error) => (responded ? undefined : reject(error)));
      const chunk = aJpeg(256 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent <= LIMIT + MiB && !responded) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect(over.status).toBe(413);
    expect(over.type).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(over.body).code).toBe('request.too_large');

    // A raw upload cut off after 6 MiB: the case service sees a stream without its last part.
    await new Promise<void>((resolve) => {
      const url = new URL(base());
      const req = httpRequest({
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}?name=cut.jpg`,
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'image/jpeg' },
      });
      req.on('error', () => resolve());
      req.on('close', () => resolve());
      const chunk = aJpeg(256 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent < 6 * MiB) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        setTimeout(() => req.destroy(), 300);
      };
      pump();
    });
    // Give the abandoned stream time to be noticed and cleaned up, then nothing new is on disk or listed.
    await waitFor(() => storedFiles().every((f) => !f.endsWith('.part')) || undefined, {
      what: `no partial file left (${storedFiles().join(', ')})`,
      timeoutMs: 10_000,
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(storedFiles()).toEqual(filesBefore);
    expect(await listedIds()).toEqual(idsBefore);
  });

  it('keeps attachments inside the case scope, and 404s an unknown one', async () => {
    const elsewhere = await platform.tokenFor('grid_worker', '440106002001');
    expect((await get('', elsewhere)).status).toBe(404);
    const listed = (await (await get('')).json()) as Json;
    expect((await get(`/${listed.items[0].id}`, elsewhere)).status).toBe(404);
    expect(
      (await upload(new Uint8Array(aPng()), { 'content-type': 'image/png' }, '', elsewhere)).status,
    ).toBe(404);
    expect((await get('/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const handler = await platform.tokenFor('department_handler', '440106', { department: 'x' });
    expect((await get('', handler)).status).toBe(200);
    const noCase = await fetch(
      `${platform.gateway}/api/v1/cases/00000000-0000-4000-8000-000000000000/attachments`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(noCase.status).toBe(404);
  });

  it('deletes an attachment with a reason: bytes gone, the record kept, an event and an audit entry', async () => {
    const nc = await connect({ servers: testNatsUrl() });
    const prefix = testNatsPrefix('attachments');
    const events: Json[] = [];
    const sub = nc.subscribe(`${prefix}.case.v1.attachment-deleted`);
    void (async () => {
      for await (const msg of sub) events.push(msg.json());
    })();
    try {
      const pdf = aPdf();
      const stored = (await (
        await upload(new Uint8Array(pdf), { 'content-type': 'application/pdf' }, '?name=误传.pdf')
      ).json()) as Json;
      const path = join(dir, 'cases', caseId, stored.id);
      expect(existsSync(path)).toBe(true);
      const remove = (body: unknown, bearer = token) =>
        fetch(`${base()}/${stored.id}`, {
          method: 'DELETE',
          headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });

      const noReason = await remove({});
      expect(noReason.status).toBe(400);
      expect(((await noReason.json()) as Json).errors).toEqual([
        expect.objectContaining({ field: 'body.reason' }),
      ]);
      const elsewhere = await platform.tokenFor('grid_worker', '440106002001');
      expect((await remove({ reason: '越权' }, elsewhere)).status).toBe(404);

      const deleted = await remove({ reason: '上传错了文件' });
      expect(deleted.status).toBe(200);
      const body = (await deleted.json()) as Json;
      expect(body).toMatchObject({
        attachment: { id: stored.id, sha256: createHash('sha256').update(pdf).digest('hex') },
        reason: '上传错了文件',
      });
      expect(body.deletedBy).toBeTruthy();
      expect(existsSync(path)).toBe(false);
      expect((await get(`/${stored.id}`)).status).toBe(404);
      const listed = (await (await get('')).json()) as Json;
      expect(listed.items.map((i: Json) => i.id)).not.toContain(stored.id);
      expect((await remove({ reason: '再删一次' })).status).toBe(404);

      const event = await waitFor(() => events.find((e) => e.attachmentId === stored.id), {
        what: 'the attachment-deleted event',
        timeoutMs: 15_000,
      });
      expect(event).toMatchObject({
        caseId,
        reason: '上传错了文件',
        size: pdf.length,
        type: 'application/pdf',
        unitPath: expect.arrayContaining(['440106001001']),
        actor: expect.objectContaining({ subject: body.deletedBy, role: 'grid_worker' }),
      });
      expect(events.filter((e) => e.attachmentId === stored.id)).toHaveLength(1);

      const admin = await platform.tokenFor('district_admin', '440106');
      const audit = (await (
        await fetch(`${platform.gateway}/api/v1/audit?limit=200`, {
          headers: { authorization: `Bearer ${admin}` },
        })
      ).json()) as Json;
      const entries = audit.items.filter(
        (e: Json) => e.method === 'DELETE' && Object.values(e.resourceIds).includes(stored.id),
      );
      expect(entries.map((e: Json) => [e.status, e.subject])).toEqual(
        expect.arrayContaining([[200, body.deletedBy]]),
      );
    } finally {
      sub.unsubscribe();
      await nc.close();
    }
  });
});
