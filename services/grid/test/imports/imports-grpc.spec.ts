import { createHash } from 'node:crypto';
import { protoFiles, type importsV1 } from '@yiwang/contracts';
import { DomainError, GrpcClient, IdentityContext, type Identity } from '@yiwang/platform';
import { freePort } from '@yiwang/testing';
import type { Observable } from 'rxjs';
import { MAX_UPLOAD_BYTES } from '../../src/imports/import-jobs.service.js';
import { PERMISSIONS } from '../../src/scope/data-scope.js';
import { pathOfCode } from '../../src/units/unit-levels.js';
import { as, domainError, user } from '../people-integration/people-fixture.js';
import {
  csvLine,
  HEADER,
  idNumber,
  startImports,
  withBadChecksum,
  type ImportFixture,
} from './import-fixture.js';

type Client = GrpcClient<importsV1.ImportServiceClient>;
type Method = Extract<keyof importsV1.ImportServiceClient, string>;
type RequestOf<K extends Method> = Parameters<importsV1.ImportServiceClient[K]>[0];
type ResponseOf<K extends Method> =
  ReturnType<importsV1.ImportServiceClient[K]> extends Observable<infer R> ? R : never;

/** The ImportService over real gRPC: a background job, its progress and its rejected lines. */
describe('ImportService over gRPC', () => {
  let f: ImportFixture;
  let client: Client;
  let clerk: Identity;

  const call = <K extends Method>(
    identity: Identity,
    method: K,
    request: RequestOf<K>,
  ): Promise<ResponseOf<K>> =>
    IdentityContext.run(identity, () => client.call(method, request as never) as Promise<ResponseOf<K>>);

  const failure = async (work: Promise<unknown>): Promise<DomainError> => {
    try {
      await work;
    } catch (error) {
      if (error instanceof DomainError) return error;
      throw error;
    }
    throw new Error('expected the call to fail');
  };

  const finished = async (identity: Identity, id: string): Promise<importsV1.ImportJob> => {
    const until = Date.now() + 30_000;
    for (;;) {
      const { job } = await call(identity, 'getImport', { id });
      if (job!.status !== 'running') return job!;
      if (Date.now() > until) throw new Error('the import did not finish');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  beforeAll(async () => {
    const port = await freePort();
    f = await startImports({ grpcPort: port });
    client = new GrpcClient({
      protoFiles: protoFiles.grid,
      service: 'yiwang.grid.v1.ImportService',
      address: `127.0.0.1:${port}`,
    });
    clerk = user(f.street, [PERMISSIONS.import, PERMISSIONS.write]);
  });

  afterAll(async () => {
    client?.close();
    await f?.close();
  });

  it('runs an import as a job: returns at once, reports progress to the end, pages the rejected lines', async () => {
    const row = (n: number, id = idNumber()) =>
      csvLine({
        household_no: `RPC-${f.street}-${n}`,
        community_code: f.communityB,
        address: `乙社区${n}号`,
        name: '郑一',
        id_number: id,
      });
    const text = [
      HEADER,
      row(1),
      row(2, withBadChecksum(idNumber())),
      row(3),
      csvLine({
        household_no: `RPC-${f.street}-4`,
        community_code: f.communityOther,
        address: '丁',
        name: '郑二',
        id_number: idNumber(),
      }),
      row(5),
      row(6, 'x'),
    ].join('\n');
    const content = Buffer.from(text);
    const { job } = await call(clerk, 'startImport', { fileName: 'upload.csv', content });
    expect(job).toMatchObject({
      status: 'running',
      fileName: 'upload.csv',
      fileSha256: createHash('sha256').update(content).digest('hex'),
      totalBytes: content.length,
      startedBy: clerk.subject,
      scopePath: pathOfCode(f.street),
      failure: '',
      finishedAt: '',
    });

    const done = await finished(clerk, job!.id);
    expect(done).toMatchObject({
      status: 'done',
      bytesRead: content.length,
      progress: 1,
      rowsRead: 6,
      rowsImported: 3,
      rowsUnchanged: 0,
      rowsFailed: 3,
      failure: '',
    });
    expect(done.finishedAt).not.toBe('');

    const page1 = await call(clerk, 'listImportErrors', { id: job!.id, afterLine: 0, limit: 2 });
    expect(page1.errors).toEqual([
      { line: 3, reason: 'id_number checksum does not match' },
      { line: 5, reason: 'community_code is not a community within your data scope' },
    ]);
    expect(page1.nextAfterLine).toBe(5);
    const page2 = await call(clerk, 'listImportErrors', { id: job!.id, afterLine: 5, limit: 2 });
    expect(page2).toEqual({
      errors: [{ line: 7, reason: 'id_number must be 18 characters long' }],
      nextAfterLine: 0,
    });
    const all = await call(clerk, 'listImportErrors', { id: job!.id, afterLine: 0, limit: 0 });
    expect(all.errors).toHaveLength(3);

    // The same file again: nothing new.
    const again = await call(clerk, 'startImport', { fileName: '', content });
    expect(again.job!.fileName).toBe('upload.csv');
    expect(await finished(clerk, again.job!.id)).toMatchObject({
      status: 'done',
      rowsImported: 0,
      rowsUnchanged: 3,
      rowsFailed: 3,
    });
  });

  it('needs registry:import, hides jobs outside the caller scope, and checks the upload', async () => {
    const content = Buffer.from(`${HEADER}\n`);
    const started = await call(clerk, 'startImport', { fileName: 'a.csv', content });
    expect(await finished(clerk, started.job!.id)).toMatchObject({ status: 'done', rowsRead: 0 });

    const reader = user(f.street, [PERMISSIONS.write]);
    expect(await failure(call(reader, 'startImport', { fileName: 'a.csv', content }))).toMatchObject({
      kind: 'forbidden',
      code: 'registry.import_forbidden',
    });
    expect(await failure(call(reader, 'getImport', { id: started.job!.id }))).toMatchObject({
      kind: 'forbidden',
    });
    const elsewhere = user(f.communityOther, [PERMISSIONS.import]);
    expect(await failure(call(elsewhere, 'getImport', { id: started.job!.id }))).toMatchObject({
      kind: 'not_found',
      code: 'registry.import_not_found',
    });
    expect(
      await failure(call(elsewhere, 'listImportErrors', { id: started.job!.id, afterLine: 0, limit: 10 })),
    ).toMatchObject({ kind: 'not_found' });
    // Inside the job's scope (a community of its street is not: the job covered the whole street).
    expect(
      await call(user(f.district, [PERMISSIONS.import]), 'getImport', { id: started.job!.id }),
    ).toMatchObject({
      job: { id: started.job!.id },
    });
    expect(await failure(call(clerk, 'getImport', { id: 'nope' }))).toMatchObject({ kind: 'not_found' });
    expect(
      await failure(call(clerk, 'listImportErrors', { id: started.job!.id, afterLine: 0, limit: 5000 })),
    ).toMatchObject({ kind: 'invalid', code: 'registry.invalid_page' });
    expect(
      await failure(call(clerk, 'startImport', { fileName: 'a.csv', content: Buffer.alloc(0) })),
    ).toMatchObject({
      kind: 'invalid',
      code: 'registry.import_empty',
    });
    // Checked before anything is stored (in process: a 64 MiB message is the transport's business).
    const tooLarge = await domainError(
      as(clerk, () => f.jobs.start('big.csv', Buffer.alloc(MAX_UPLOAD_BYTES + 1, 0x41))),
    );
    expect(tooLarge).toMatchObject({ kind: 'invalid', code: 'registry.import_too_large' });
  });
});
