import { GENESIS_HASH, hashRecord, type AuditRow } from './audit-record.js';
import type { AuditRepository } from './audit.repository.js';

export type Breakage = 'modified' | 'deleted' | 'reordered';

export interface VerifyResult {
  ok: boolean;
  /** Rows checked. */
  checked: number;
  head: { seq: string; hash: string };
  broken?: { seq: string; reason: Breakage; detail: string };
}

const PAGE = 1000;

/**
 * Walks the chain in order, a page at a time (constant memory), up to the head as it was when the walk
 * started (appends during the walk are left for the next run). Each row's hash must match its content and
 * its `prev_hash` the row before; positions must be contiguous and the last row must be the head. Stops at
 * the first broken row and says why:
 *  - modified: the row's content no longer gives its hash;
 *  - deleted: a row is missing (a gap in positions, a link to a row that is not there, or rows missing at
 *    the end of the chain);
 *  - reordered: the row links to a row that comes after it.
 */
export async function verifyAuditChain(
  repository: Pick<AuditRepository, 'head' | 'walk'>,
  onProgress?: (checked: number) => void,
): Promise<VerifyResult> {
  const head = await repository.head();
  let previous: { seq: bigint; hash: string } = { seq: 0n, hash: GENESIS_HASH };
  let checked = 0;
  const fail = (seq: string, reason: Breakage, detail: string): VerifyResult => ({
    ok: false,
    checked,
    head,
    broken: { seq, reason, detail },
  });
  for (;;) {
    const page = await repository.walk(previous.seq.toString(), head.seq, PAGE);
    if (page.length === 0) break;
    for (let i = 0; i < page.length; i += 1) {
      const row = page[i];
      const seq = BigInt(row.seq);
      if (hashRecord(row, row.prevHash) !== row.hash) {
        return fail(row.seq, 'modified', `row ${row.seq}: its content does not match its hash`);
      }
      if (row.prevHash !== previous.hash) {
        if (laterRowHashes(page, i).has(row.prevHash) || (await linksForward(repository, row, head.seq)))
          return fail(row.seq, 'reordered', `row ${row.seq} links to a row that comes after it`);
        return fail(
          row.seq,
          'deleted',
          seq !== previous.seq + 1n
            ? `rows ${previous.seq + 1n}..${seq - 1n} are missing`
            : `row ${row.seq} does not follow row ${previous.seq}: the row it links to is missing`,
        );
      }
      if (seq !== previous.seq + 1n) {
        return fail(row.seq, 'modified', `row ${row.seq} follows row ${previous.seq}: positions renumbered`);
      }
      previous = { seq, hash: row.hash };
      checked += 1;
    }
    onProgress?.(checked);
  }
  if (previous.seq.toString() !== head.seq || previous.hash !== head.hash) {
    const next = (previous.seq + 1n).toString();
    return fail(next, 'deleted', `the chain ends at row ${previous.seq} but its head is row ${head.seq}`);
  }
  return { ok: true, checked, head };
}

function laterRowHashes(page: AuditRow[], index: number): Set<string> {
  return new Set(page.slice(index + 1).map((r) => r.hash));
}

/** Whether the row's link points at a row after it beyond the current page (a swap across pages). */
async function linksForward(
  repository: Pick<AuditRepository, 'walk'>,
  row: AuditRow,
  through: string,
): Promise<boolean> {
  let after = row.seq;
  for (let pages = 0; pages < 2; pages += 1) {
    const next = await repository.walk(after, through, PAGE);
    if (next.length === 0) return false;
    if (next.some((r) => r.hash === row.prevHash)) return true;
    after = next[next.length - 1].seq;
  }
  return false;
}
