import { GENESIS_HASH, hashRecord, type AuditRecord, type AuditRow } from '../src/audit/audit-record.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAnchors, type AuditAnchor } from '../src/audit/audit-anchor.js';
import { verifyAuditChain } from '../src/audit/audit-verify.js';

/** The verifier over an in-memory chain (the database version is covered in test/e2e/audit.spec.ts). */
function chain(n: number): AuditRow[] {
  const rows: AuditRow[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i += 1) {
    const record: AuditRecord = {
      at: new Date(1_700_000_000_000 + i),
      subject: `u${i % 3}`,
      roles: ['grid_worker'],
      clientId: null,
      actorScope: '44.4401',
      method: 'POST',
      route: '/api/v1/x/:id',
      resourceIds: { id: String(i) },
      action: 'x.create',
      ip: '127.0.0.1',
      userAgent: null,
      status: 201,
      errorCode: null,
      unitPath: null,
    };
    const hash = hashRecord(record, prev);
    rows.push({ ...record, seq: String(i), prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

const repositoryOf = (
  rows: AuditRow[],
  head = { seq: rows[rows.length - 1].seq, hash: rows[rows.length - 1].hash },
) => ({
  head: async () => head,
  walk: async (after: string, through: string, limit: number) =>
    rows
      .filter((r) => BigInt(r.seq) > BigInt(after) && BigInt(r.seq) <= BigInt(through))
      .sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1))
      .slice(0, limit),
});

describe('audit chain verification', () => {
  it('accepts an intact chain across pages', async () => {
    const rows = chain(2500);
    expect(await verifyAuditChain(repositoryOf(rows))).toMatchObject({ ok: true, checked: 2500 });
  });

  it('hashes key order and role order the same way', () => {
    const [row] = chain(1);
    const shuffled = { ...row, roles: [...row.roles].reverse(), resourceIds: { ...row.resourceIds } };
    expect(hashRecord(shuffled, GENESIS_HASH)).toBe(row.hash);
  });

  it('finds a modified row', async () => {
    const rows = chain(10);
    rows[4] = { ...rows[4], status: 200 };
    expect((await verifyAuditChain(repositoryOf(rows))).broken).toMatchObject({
      seq: '5',
      reason: 'modified',
    });
  });

  it('finds a deleted row, and rows cut off the end', async () => {
    const rows = chain(10);
    const head = { seq: '10', hash: rows[9].hash };
    expect(
      (
        await verifyAuditChain(
          repositoryOf(
            rows.filter((r) => r.seq !== '4'),
            head,
          ),
        )
      ).broken,
    ).toMatchObject({
      seq: '5',
      reason: 'deleted',
    });
    expect((await verifyAuditChain(repositoryOf(rows.slice(0, 8), head))).broken).toMatchObject({
      seq: '9',
      reason: 'deleted',
    });
  });

  it('finds swapped rows, also across a page boundary', async () => {
    for (const [a, b] of [
      [3, 4],
      [1000, 1001],
    ]) {
      const rows = chain(1100);
      const [x, y] = [rows[a - 1], rows[b - 1]];
      rows[a - 1] = { ...y, seq: x.seq };
      rows[b - 1] = { ...x, seq: y.seq };
      expect((await verifyAuditChain(repositoryOf(rows))).broken).toMatchObject({
        seq: String(a),
        reason: 'reordered',
      });
    }
  });

  describe('against anchors', () => {
    const anchorOf = (row: AuditRow): AuditAnchor => ({ seq: row.seq, hash: row.hash, at: 'test' });
    /** Rebuilds the chain from row `from` on with a changed row: every hash recomputed, so it verifies alone. */
    const rewrite = (rows: AuditRow[], from: number): AuditRow[] => {
      const out = rows.slice(0, from - 1);
      let prev = from === 1 ? GENESIS_HASH : rows[from - 2].hash;
      for (const row of rows.slice(from - 1)) {
        const { seq, prevHash: _p, hash: _h, ...record } = row;
        const changed = seq === String(from) ? { ...record, status: 204 } : record;
        const hash = hashRecord(changed, prev);
        out.push({ ...changed, seq, prevHash: prev, hash });
        prev = hash;
      }
      return out;
    };

    it('passes an intact chain through every anchor', async () => {
      const rows = chain(1200);
      const anchors = [rows[9], rows[1099], rows[1199]].map(anchorOf);
      expect(await verifyAuditChain(repositoryOf(rows), undefined, anchors)).toMatchObject({
        ok: true,
        checked: 1200,
        anchorsChecked: 3,
      });
    });

    it('finds a rewritten history that verifies on its own', async () => {
      const rows = chain(20);
      const anchors = [anchorOf(rows[3]), anchorOf(rows[11])];
      const rewritten = rewrite(rows, 7);
      // Alone, the rebuilt chain is consistent: only the anchor can tell.
      expect(await verifyAuditChain(repositoryOf(rewritten))).toMatchObject({ ok: true, checked: 20 });
      const result = await verifyAuditChain(repositoryOf(rewritten), undefined, anchors);
      expect(result.ok).toBe(false);
      expect(result.broken).toMatchObject({ seq: '12', reason: 'rewritten' });
      expect(result.broken!.detail).toContain(rows[11].hash);
    });

    it('finds a chain cut short with its head moved back', async () => {
      const rows = chain(20);
      const anchors = [anchorOf(rows[9]), anchorOf(rows[17])];
      const truncated = rows.slice(0, 15);
      expect(await verifyAuditChain(repositoryOf(truncated))).toMatchObject({ ok: true, checked: 15 });
      expect((await verifyAuditChain(repositoryOf(truncated), undefined, anchors)).broken).toMatchObject({
        seq: '16',
        reason: 'deleted',
        detail: expect.stringContaining('reached row 18'),
      });
    });

    it('reads anchors as seq:hash or as the JSON lines audit-anchor writes', async () => {
      const [row] = chain(1);
      expect(await readAnchors(`1:${row.hash}`)).toEqual([
        { seq: '1', hash: row.hash, at: 'given on the command line' },
      ]);
      const file = join(mkdtempSync(join(tmpdir(), 'anchors-')), 'anchors.jsonl');
      writeFileSync(
        file,
        `${JSON.stringify({ seq: '1', hash: row.hash, at: '2026-12-03T10:00:00.000Z' })}\n\n2:${'a'.repeat(64)}\n`,
      );
      expect(await readAnchors(file)).toEqual([
        { seq: '1', hash: row.hash, at: '2026-12-03T10:00:00.000Z' },
        { seq: '2', hash: 'a'.repeat(64), at: `${file}:3` },
      ]);
      writeFileSync(file, '{"seq": 1}\n');
      await expect(readAnchors(file)).rejects.toThrow(/needs seq and a hex hash/);
      await expect(readAnchors('/nonexistent/anchors')).rejects.toThrow(
        /neither seq:hash nor a readable file/,
      );
    });
  });
});
