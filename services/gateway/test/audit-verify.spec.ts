import { GENESIS_HASH, hashRecord, type AuditRecord, type AuditRow } from '../src/audit/audit-record.js';
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
});
