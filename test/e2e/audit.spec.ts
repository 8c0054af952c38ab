import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { ServiceProcess, testDatabaseUrl, waitFor } from '@yiwang/testing';
import { startPlatform, type PlatformStack } from './platform-stack.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
type Json = Record<string, any>;

const subjectOf = (token: string): string =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')).sub;

/** The audit log with real processes: what is recorded, who may read it, and tampering detected. */
describe('gateway audit log', () => {
  let platform: PlatformStack;
  let db: pg.Pool;
  let districtAdmin: string;
  let worker: string;

  beforeAll(async () => {
    platform = await startPlatform('audit');
    db = new pg.Pool({ connectionString: testDatabaseUrl(), max: 4 });
    const demo = ServiceProcess.start('grid', platform.env, 'cli.js', [
      'demo',
      '--district',
      '440106',
      '--streets',
      '1',
    ]);
    expect(await demo.exited()).toBe(0);
    districtAdmin = await platform.tokenFor('district_admin', '440106');
    worker = await platform.tokenFor('community_worker', '440106001');
  }, 180_000);

  afterAll(async () => {
    await db?.end();
    await platform?.stop();
  });

  const call = (method: string, path: string, token: string | null, body?: unknown, headers = {}) =>
    fetch(`${platform.gateway}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const entries = async (query: string, token = districtAdmin): Promise<Json[]> => {
    const response = await call('GET', `/api/v1/audit?${query}`, token);
    expect(response.status).toBe(200);
    return ((await response.json()) as Json).items;
  };
  const verify = async (): Promise<{ code: number | null; out: string }> => {
    const cli = ServiceProcess.start('gateway', platform.env, 'cli.js', ['audit-verify']);
    const code = await cli.exited();
    return { code, out: cli.stdoutText() };
  };
  /** Tampering needs the trigger out of the way, as a superuser would do it. */
  const tamper = async (sql: string, values: unknown[] = []) => {
    const client = await db.connect();
    try {
      await client.query('BEGIN');
      await client.query('ALTER TABLE gateway.audit_log DISABLE TRIGGER audit_log_append_only');
      await client.query(sql, values);
      await client.query('ALTER TABLE gateway.audit_log ENABLE TRIGGER audit_log_append_only');
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  };

  it('records a refused write with who, what, from where and the outcome', async () => {
    const response = await call(
      'POST',
      '/api/v1/registry/residents',
      worker,
      { name: 1 },
      {
        'user-agent': 'audit-test/1.0',
        'x-forwarded-for': '203.0.113.7',
      },
    );
    expect(response.status).toBe(400);
    const sub = subjectOf(worker);
    const [entry] = await waitFor(async () => {
      const found = await entries(`subject=${sub}`);
      return found.length > 0 ? found : undefined;
    });
    expect(entry).toMatchObject({
      subject: sub,
      roles: ['community_worker'],
      method: 'POST',
      route: '/api/v1/registry/residents',
      action: 'registry-people.createResident',
      ip: '203.0.113.7',
      userAgent: 'audit-test/1.0',
      status: 400,
      errorCode: 'request.invalid',
      actorScope: '44.4401.440106.440106001',
    });
    expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('records writes refused before authentication, and bodies refused by the parser', async () => {
    const marker = `audit-anon-${randomUUID()}`;
    expect(
      (
        await call('DELETE', `/api/v1/registry/residents/${randomUUID()}/tags/x`, null, undefined, {
          'user-agent': marker,
        })
      ).status,
    ).toBe(401);
    const bad = await fetch(`${platform.gateway}/api/v1/registry/buildings`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${worker}`,
        'content-type': 'application/json',
        'user-agent': marker,
      },
      body: '{"name": ',
    });
    expect(bad.status).toBe(400);
    const rows = await waitFor(async () => {
      const { rows } = await db.query(`SELECT * FROM gateway.audit_log WHERE user_agent = $1 ORDER BY seq`, [
        marker,
      ]);
      return rows.length === 2 ? rows : undefined;
    });
    expect(rows[0]).toMatchObject({
      method: 'DELETE',
      status: 401,
      error_code: 'auth.token_missing',
      subject: null,
    });
    expect(rows[1]).toMatchObject({ method: 'POST', status: 400, error_code: 'request.malformed' });
  });

  it('records reads that unmask personal data, with the unit of the resident, and no plain reads', async () => {
    const list = (await (
      await call('GET', '/api/v1/registry/residents?unit=440106001&limit=1', districtAdmin)
    ).json()) as Json;
    const resident = list.items[0];
    const plain = await call('GET', `/api/v1/registry/residents/${resident.id}`, districtAdmin);
    expect(plain.status).toBe(200);
    const revealed = await call(
      'GET',
      `/api/v1/registry/residents/${resident.id}?reveal=true&purpose=audit-test`,
      districtAdmin,
    );
    expect(revealed.status).toBe(200);
    const found = await waitFor(async () => {
      const items = await entries(`action=registry.resident.reveal&subject=${subjectOf(districtAdmin)}`);
      return items.length > 0 ? items : undefined;
    });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      method: 'GET',
      route: '/api/v1/registry/residents/:id',
      resourceIds: { id: resident.id },
      status: 200,
      unitPath: resident.path,
    });
  });

  it('lets admins read only their own subtree, and no one without audit:read', async () => {
    expect((await call('GET', '/api/v1/audit', worker)).status).toBe(403);
    // A supervisor of a sibling district sees none of Tianhe's entries.
    const elsewhere = await platform.tokenFor('supervisor', '440104');
    const theirs = await entries('limit=500', elsewhere);
    for (const e of theirs) expect((e.unitPath ?? e.actorScope).startsWith('44.4401.440104')).toBe(true);
    expect(theirs.some((e) => e.subject === subjectOf(worker))).toBe(false);
    const street = await entries('unit=440106001&limit=500');
    expect(street.length).toBeGreaterThan(0);
    for (const e of street)
      expect((e.unitPath ?? e.actorScope).startsWith('44.4401.440106.440106001')).toBe(true);
  });

  it('pages newest first with keyset cursors, and names a bad cursor', async () => {
    const first = (await (await call('GET', '/api/v1/audit?limit=1', districtAdmin)).json()) as Json;
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await (
      await call('GET', `/api/v1/audit?limit=1&cursor=${first.nextCursor}`, districtAdmin)
    ).json()) as Json;
    expect(BigInt(second.items[0].seq)).toBeLessThan(BigInt(first.items[0].seq));
    const bad = await call('GET', '/api/v1/audit?cursor=bm9wZQ', districtAdmin);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Json).errors[0].field).toBe('query.cursor');
  });

  it('keeps one chain under concurrent writers', async () => {
    const before = Number((await db.query(`SELECT seq FROM gateway.audit_chain_head`)).rows[0].seq);
    const writes = await Promise.all(
      Array.from({ length: 40 }, () => call('POST', '/api/v1/registry/buildings', worker, { bad: true })),
    );
    expect(writes.every((w) => w.status === 400)).toBe(true);
    await waitFor(async () => {
      const { rows } = await db.query(`SELECT seq FROM gateway.audit_chain_head`);
      return Number(rows[0].seq) >= before + 40 || undefined;
    });
    const result = await verify();
    expect(result.out).toMatch(/audit chain intact/);
    expect(result.code).toBe(0);
  });

  it('refuses UPDATE, DELETE and TRUNCATE (append-only)', async () => {
    await expect(db.query(`UPDATE gateway.audit_log SET status = 200 WHERE seq = 1`)).rejects.toThrow(
      /append-only/,
    );
    await expect(db.query(`DELETE FROM gateway.audit_log WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(db.query(`TRUNCATE gateway.audit_log`)).rejects.toThrow(/append-only/);
    await expect(db.query(`UPDATE gateway.audit_chain_head SET seq = 0`)).rejects.toThrow(/forward/);
  });

  describe('detects tampering', () => {
    let seqs: string[];
    beforeAll(async () => {
      const { rows } = await db.query(`SELECT seq::text AS seq FROM gateway.audit_log ORDER BY seq LIMIT 6`);
      seqs = rows.map((r) => r.seq);
      expect(seqs.length).toBe(6);
    });

    it('a modified row', async () => {
      const { rows } = await db.query(`SELECT status FROM gateway.audit_log WHERE seq = $1`, [seqs[2]]);
      // A value the row cannot already hold, or the "tampering" would change nothing.
      await tamper(
        `UPDATE gateway.audit_log SET status = CASE WHEN status = 418 THEN 419 ELSE 418 END WHERE seq = $1`,
        [seqs[2]],
      );
      try {
        const result = await verify();
        expect(result.code).toBe(1);
        expect(result.out).toContain(`BROKEN at row ${seqs[2]} (modified)`);
      } finally {
        await tamper(`UPDATE gateway.audit_log SET status = $2 WHERE seq = $1`, [seqs[2], rows[0].status]);
      }
    });

    it('a deleted row', async () => {
      const { rows } = await db.query(`SELECT * FROM gateway.audit_log WHERE seq = $1`, [seqs[3]]);
      await tamper(`DELETE FROM gateway.audit_log WHERE seq = $1`, [seqs[3]]);
      try {
        const result = await verify();
        expect(result.code).toBe(1);
        expect(result.out).toContain(`BROKEN at row ${seqs[4]} (deleted)`);
      } finally {
        const columns = Object.keys(rows[0]);
        await tamper(
          `INSERT INTO gateway.audit_log (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
          columns.map((c) => (c === 'resource_ids' ? JSON.stringify(rows[0][c]) : rows[0][c])),
        );
      }
    });

    it('two rows swapped', async () => {
      const swap = async () => {
        await tamper(`UPDATE gateway.audit_log SET seq = -1 WHERE seq = $1`, [seqs[1]]);
        await tamper(`UPDATE gateway.audit_log SET seq = $1 WHERE seq = $2`, [seqs[1], seqs[2]]);
        await tamper(`UPDATE gateway.audit_log SET seq = $1 WHERE seq = -1`, [seqs[2]]);
      };
      await swap();
      try {
        const result = await verify();
        expect(result.code).toBe(1);
        expect(result.out).toContain(`BROKEN at row ${seqs[1]} (reordered)`);
      } finally {
        await swap();
      }
    });

    it('and the restored chain verifies again', async () => {
      const result = await verify();
      expect(result.out).toMatch(/audit chain intact/);
      expect(result.code).toBe(0);
    });
  });
});
