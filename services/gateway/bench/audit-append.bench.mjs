// Audit chain appends: what the single chain costs. Every append locks the chain-head row, so writers
// queue behind each other; the floor is the same rows inserted into an unlocked, unchained copy of the
// table by the same number of concurrent writers. Measured one record per transaction (the worst case:
// an audit write inside every request) and in batches of 100 (what the after-response writer does), plus
// the writer end to end and the verifier's walk. Runs in a database of its own, dropped at the end.
import 'reflect-metadata';
import { createDataSource, runMigrations } from '@yiwang/platform';
import { dropDatabaseWhenIdle } from '@yiwang/testing';
import pg from 'pg';
import { gatewayEntities } from '../dist/database/entities.js';
import { gatewayMigrations } from '../dist/database/migrations/index.js';
import { AuditRepository } from '../dist/audit/audit.repository.js';
import { AuditWriter } from '../dist/audit/audit-writer.service.js';
import { verifyAuditChain } from '../dist/audit/audit-verify.js';

export const description =
  'audit chain: appends under the chain-head lock (hash-chained) against plain INSERTs into an unlocked copy';

const WRITERS = 4;

function record(i) {
  return {
    at: new Date(),
    subject: `user-${i % 50}`,
    roles: ['grid_worker'],
    clientId: null,
    actorScope: '44.4401.440106.440106001',
    method: 'POST',
    route: '/api/v1/registry/residents',
    resourceIds: { id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` },
    action: 'registry-people.createResident',
    ip: '10.0.0.7',
    userAgent: 'bench/1.0',
    status: 201,
    errorCode: null,
    unitPath: '44.4401.440106.440106001.440106001002',
  };
}

/** Runs `total` inserts split over WRITERS concurrent loops, `batch` records per call; rows/s. */
async function rate(total, batch, insert) {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      for (;;) {
        const from = next;
        if (from >= total) return;
        next += batch;
        await insert(Array.from({ length: Math.min(batch, total - from) }, (_, k) => record(from + k)));
      }
    }),
  );
  return total / (Number(process.hrtime.bigint() - started) / 1e9);
}

export default async function run({ databaseUrl, scale, log }) {
  const singles = Math.max(500, Math.round(5_000 * scale));
  const batched = Math.max(5_000, Math.round(50_000 * scale));
  const database = `yiwang_bench_audit_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(databaseUrl);
  url.pathname = `/${database}`;
  const dataSource = createDataSource({
    url: url.toString(),
    schema: 'gateway',
    entities: gatewayEntities,
    migrations: gatewayMigrations,
    poolSize: WRITERS + 1,
    applicationName: 'bench-audit',
  });
  try {
    await dataSource.initialize();
    await runMigrations(dataSource, 'gateway');
    await dataSource.query(
      `CREATE TABLE plain_log (LIKE audit_log INCLUDING DEFAULTS);
       ALTER TABLE plain_log ALTER COLUMN seq ADD GENERATED ALWAYS AS IDENTITY`,
    );
    const repository = new AuditRepository(dataSource);
    const plain = async (records) => {
      const values = [];
      const tuples = records.map((r) => {
        const row = [
          r.at,
          r.subject,
          r.roles,
          r.clientId,
          r.actorScope,
          r.method,
          r.route,
          JSON.stringify(r.resourceIds),
          r.action,
          r.ip,
          r.userAgent,
          r.status,
          r.errorCode,
          r.unitPath,
          '0'.repeat(64),
          '0'.repeat(64),
        ];
        const base = values.length;
        values.push(...row);
        return `(${row.map((_, i) => `$${base + i + 1}`).join(', ')})`;
      });
      await dataSource.query(
        `INSERT INTO plain_log (at, subject, roles, client_id, actor_scope, method, route, resource_ids, action, ip,
           user_agent, status, error_code, unit_path, prev_hash, hash) VALUES ${tuples.join(', ')}`,
        values,
      );
    };

    const floorSingle = await rate(singles, 1, plain);
    const chainSingle = await rate(singles, 1, (r) => repository.append(r));
    log(
      `one per transaction: chain ${Math.round(chainSingle)} rows/s, plain ${Math.round(floorSingle)} rows/s`,
    );
    const floorBatch = await rate(batched, 100, plain);
    const chainBatch = await rate(batched, 100, (r) => repository.append(r));
    log(`batches of 100: chain ${Math.round(chainBatch)} rows/s, plain ${Math.round(floorBatch)} rows/s`);

    const writer = new AuditWriter(repository);
    const started = process.hrtime.bigint();
    let enqueueNs = 0n;
    for (let i = 0; i < batched; i += 1) {
      const t = process.hrtime.bigint();
      writer.enqueue(record(i));
      enqueueNs += process.hrtime.bigint() - t;
      if (writer.full) await writer.room();
    }
    await writer.drain();
    const writerRate = batched / (Number(process.hrtime.bigint() - started) / 1e9);
    log(
      `writer: ${Math.round(writerRate)} rows/s; enqueue ${(Number(enqueueNs) / batched / 1000).toFixed(2)} µs per record`,
    );

    const verifyStarted = process.hrtime.bigint();
    const verified = await verifyAuditChain(repository);
    if (!verified.ok) throw new Error(`chain broken: ${JSON.stringify(verified.broken)}`);
    const verifyRate = verified.checked / (Number(process.hrtime.bigint() - verifyStarted) / 1e9);
    log(`verify: ${verified.checked} rows at ${Math.round(verifyRate)} rows/s`);

    return [
      {
        name: `append, 1 record per transaction, ${WRITERS} writers`,
        value: chainSingle,
        unit: 'rows/s',
        floor: floorSingle,
        note: 'floor: plain INSERT, no lock, no hash',
      },
      {
        name: `append, 100 records per transaction, ${WRITERS} writers`,
        value: chainBatch,
        unit: 'rows/s',
        floor: floorBatch,
        note: 'floor: plain multi-row INSERT',
      },
      {
        name: 'after-response writer (queue + group commit), end to end',
        value: writerRate,
        unit: 'rows/s',
        floor: floorBatch,
      },
      {
        name: 'enqueue cost on the request path',
        value: Number(enqueueNs) / batched / 1000,
        unit: 'µs/record',
      },
      { name: `audit-verify walk of ${verified.checked} rows`, value: verifyRate, unit: 'rows/s' },
    ];
  } finally {
    await dataSource.destroy().catch(() => undefined);
    await dropDatabaseWhenIdle(admin, database);
    await admin.end();
  }
}
