import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { ServiceProcess, waitFor } from '@yiwang/testing';
import { hashRecord, type AuditRow } from '../../services/gateway/src/audit/audit-record.js';
import { Receiver, call, startGateway, type GatewayOnly, type Json } from './gateway-only.js';

/**
 * The audit chain's head anchored outside the database (a file, a URL, on a schedule and by command), and
 * audit-verify --anchor finding histories that verify on their own: rewritten, or cut short.
 */
describe('audit anchors', () => {
  let gw: GatewayOnly;
  let db: pg.Pool;
  /** Where the gateway anchors the chain head on its schedule (every second here). */
  const anchorDir = mkdtempSync(join(tmpdir(), 'yiwang-audit-anchors-'));
  const scheduledFile = join(anchorDir, 'scheduled.jsonl');
  let anchorReceiver: Receiver;

  beforeAll(async () => {
    anchorReceiver = await Receiver.start();
    gw = await startGateway('auditanchor', {
      AUDIT_ANCHOR_INTERVAL: '1s',
      AUDIT_ANCHOR_FILE: scheduledFile,
      AUDIT_ANCHOR_URL: anchorReceiver.url,
    });
    db = gw.db;
    // A few audited writes (refused before authentication, still recorded), so the chain has rows to cut.
    const head = async () => Number((await db.query(`SELECT seq FROM gateway.audit_chain_head`)).rows[0].seq);
    const before = await head();
    for (let i = 0; i < 8; i += 1)
      expect((await call(gw.url, 'POST', '/api/v1/webhooks', null, {})).status).toBe(401);
    await waitFor(async () => ((await head()) >= before + 8 ? true : undefined));
  }, 600_000);

  afterAll(async () => {
    await gw?.stop();
    await anchorReceiver?.close();
  });

  const gatewayCli = async (args: string[]) => {
    const cli = ServiceProcess.start('gateway', gw.env, 'cli.js', args);
    const code = await cli.exited();
    return { code, out: cli.stdoutText(), err: cli.stderr.join('') };
  };
  const verify = (...args: string[]) => gatewayCli(['audit-verify', ...args]);
  /** Tampering needs the triggers out of the way, as a superuser would do it. */
  const tamper = async (sql: string, values: unknown[] = []) => {
    const client = await db.connect();
    try {
      await client.query('BEGIN');
      await client.query('ALTER TABLE gateway.audit_log DISABLE TRIGGER audit_log_append_only');
      await client.query('ALTER TABLE gateway.audit_chain_head DISABLE TRIGGER audit_chain_head_forward');
      await client.query(sql, values);
      await client.query('ALTER TABLE gateway.audit_chain_head ENABLE TRIGGER audit_chain_head_forward');
      await client.query('ALTER TABLE gateway.audit_log ENABLE TRIGGER audit_log_append_only');
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  };

  const manualFile = join(anchorDir, 'manual.jsonl');
  type Anchor = { seq: string; hash: string; at: string };
  const anchorsIn = (file: string): Anchor[] =>
    existsSync(file)
      ? readFileSync(file, 'utf8')
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as Anchor)
      : [];
  const hashOfRow = async (seq: string) =>
    (await db.query(`SELECT hash FROM gateway.audit_log WHERE seq = $1`, [seq])).rows[0]?.hash;
  const asRow = (r: Json): AuditRow => ({
    seq: String(r.seq),
    at: r.at,
    subject: r.subject,
    roles: r.roles ?? [],
    clientId: r.client_id,
    actorScope: r.actor_scope,
    method: r.method,
    route: r.route,
    resourceIds: r.resource_ids ?? {},
    action: r.action,
    ip: r.ip,
    userAgent: r.user_agent,
    status: Number(r.status),
    errorCode: r.error_code,
    unitPath: r.unit_path,
    prevHash: r.prev_hash,
    hash: r.hash,
  });

  it('the gateway anchors the head on its schedule, to a file and a URL', async () => {
    const scheduled = await waitFor(
      () => (anchorsIn(scheduledFile).length >= 2 ? anchorsIn(scheduledFile) : undefined),
      {
        timeoutMs: 15_000,
      },
    );
    for (const anchor of scheduled) {
      expect(anchor.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(Date.parse(anchor.at)).toBeGreaterThan(Date.now() - 600_000);
    }
    const latest = scheduled[scheduled.length - 1];
    expect(await hashOfRow(latest.seq)).toBe(latest.hash);
    await waitFor(() => anchorReceiver.requests.length >= 2 || undefined, { timeoutMs: 15_000 });
    const posted = JSON.parse(anchorReceiver.requests[0].body);
    expect(posted).toMatchObject({
      type: 'yiwang.audit.anchor.v1',
      seq: scheduled[0].seq,
      hash: scheduled[0].hash,
    });
  });

  it('audit-anchor prints the head, appends it to a file and posts it; audit-verify --anchor passes', async () => {
    const receiver = await Receiver.start();
    try {
      const result = await gatewayCli(['audit-anchor', '--file', manualFile, '--url', receiver.url]);
      expect(result.err).toBe('');
      expect(result.code).toBe(0);
      const [anchor] = anchorsIn(manualFile);
      expect(result.out).toContain(`audit chain head: row ${anchor.seq} hash ${anchor.hash} at ${anchor.at}`);
      expect(result.out).toContain(`appended to ${manualFile}`);
      expect(result.out).toContain(`posted to ${receiver.url}`);
      expect(await hashOfRow(anchor.seq)).toBe(anchor.hash);
      expect(JSON.parse(receiver.requests[0].body)).toMatchObject({
        seq: anchor.seq,
        hash: anchor.hash,
        at: anchor.at,
      });
    } finally {
      await receiver.close();
    }
    const checked = await verify('--anchor', manualFile);
    expect(checked.out).toMatch(/audit chain intact: .*\npasses through all 1 anchored heads/);
    expect(checked.code).toBe(0);
    const refused = await gatewayCli(['audit-anchor', '--url', 'http://127.0.0.1:9/anchor']);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/audit anchor not published/);
  });

  it('audit-verify --anchor fails on a chain cut short with its head moved back', async () => {
    const [anchor] = anchorsIn(manualFile);
    const cutAt = (BigInt(anchor.seq) - 3n).toString();
    const { rows: cut } = await db.query(`SELECT * FROM gateway.audit_log WHERE seq > $1 ORDER BY seq`, [
      cutAt,
    ]);
    const { rows: heads } = await db.query(`SELECT seq::text AS seq, hash FROM gateway.audit_chain_head`);
    await tamper(`DELETE FROM gateway.audit_log WHERE seq > $1`, [cutAt]);
    await tamper(`UPDATE gateway.audit_chain_head SET seq = $1, hash = $2`, [cutAt, await hashOfRow(cutAt)]);
    try {
      // Alone, the shorter chain is intact: only the anchor shows rows are missing.
      expect((await verify()).code).toBe(0);
      const result = await verify('--anchor', manualFile);
      expect(result.code).toBe(1);
      expect(result.out).toContain(`BROKEN at row ${BigInt(cutAt) + 1n} (deleted)`);
      expect(result.out).toContain(`reached row ${anchor.seq}`);
    } finally {
      for (const row of cut) {
        const columns = Object.keys(row);
        await tamper(
          `INSERT INTO gateway.audit_log (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
          columns.map((c) => (c === 'resource_ids' ? JSON.stringify(row[c]) : row[c])),
        );
      }
      await tamper(`UPDATE gateway.audit_chain_head SET seq = $1, hash = $2`, [heads[0].seq, heads[0].hash]);
    }
    expect((await verify('--anchor', manualFile)).code).toBe(0);
  });

  it('audit-verify --anchor fails on a rewritten history whose hashes were all recomputed', async () => {
    const [anchor] = anchorsIn(manualFile);
    const { rows: originals } = await db.query(
      `SELECT * FROM gateway.audit_log WHERE seq >= $1 ORDER BY seq`,
      [anchor.seq],
    );
    const { rows: heads } = await db.query(`SELECT seq::text AS seq, hash FROM gateway.audit_chain_head`);
    // Row `anchor.seq` gets another status; it and every row after it are re-hashed, the head moved along.
    let prev = originals[0].prev_hash as string;
    for (const [i, original] of originals.entries()) {
      const row = asRow(original);
      if (i === 0) row.status = row.status === 418 ? 419 : 418;
      const hash = hashRecord(row, prev);
      await tamper(`UPDATE gateway.audit_log SET status = $2, prev_hash = $3, hash = $4 WHERE seq = $1`, [
        row.seq,
        row.status,
        prev,
        hash,
      ]);
      prev = hash;
    }
    await tamper(`UPDATE gateway.audit_chain_head SET hash = $1`, [prev]);
    try {
      expect((await verify()).out).toMatch(/audit chain intact/);
      const fromFile = await verify('--anchor', manualFile);
      expect(fromFile.code).toBe(1);
      expect(fromFile.out).toContain(`BROKEN at row ${anchor.seq} (rewritten)`);
      const inline = await verify('--anchor', `${anchor.seq}:${anchor.hash}`);
      expect(inline.code).toBe(1);
      expect(inline.out).toContain(`BROKEN at row ${anchor.seq} (rewritten)`);
    } finally {
      for (const original of originals)
        await tamper(`UPDATE gateway.audit_log SET status = $2, prev_hash = $3, hash = $4 WHERE seq = $1`, [
          original.seq,
          original.status,
          original.prev_hash,
          original.hash,
        ]);
      await tamper(`UPDATE gateway.audit_chain_head SET hash = $1 WHERE seq = $2`, [
        heads[0].hash,
        heads[0].seq,
      ]);
    }
    expect((await verify('--anchor', manualFile)).code).toBe(0);
  });
});
