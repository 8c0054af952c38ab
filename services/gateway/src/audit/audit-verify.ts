import type { AuditAnchor } from './audit-anchor.js';
import { GENESIS_HASH, hashRecord, type AuditRow } from './audit-record.js';
import type { AuditRepository } from './audit.repository.js';

export type Breakage = 'modified' | 'deleted' | 'reordered' | 'rewritten';

export interface VerifyResult {
  ok: boolean;
  /** Rows checked. */
  checked: number;
  head: { seq: string; hash: string };
  /** Anchors the chain was checked against (all passed when ok). */
  anchorsChecked: number;
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
 *  - reordered: the row links to a row that comes after it;
 *  - rewritten: with anchors (heads written down outside the database), an anchored row's hash is not the
 *    anchored one: the history was rebuilt, every hash recomputed, so the chain alone looks intact;
 *  - deleted, with anchors: the chain ends before an anchored row (rows cut off and the head moved back).
 */
export async function verifyAuditChain(
  repository: Pick<AuditRepository, 'head' | 'walk'>,
  onProgress?: (checked: number) => void,
  anchors: readonly AuditAnchor[] = [],
): Promise<VerifyResult> {
  const head = await repository.head();
  let previous: { seq: bigint; hash: string } = { seq: 0n, hash: GENESIS_HASH };
  let checked = 0;
  const fail = (seq: string, reason: Breakage, detail: string): VerifyResult => ({
    ok: false,
    checked,
    head,
    anchorsChecked: 0,
    broken: { seq, reason, detail },
  });
  const anchored = new Map<string, AuditAnchor>();
  for (const anchor of anchors) {
    const other = anchored.get(anchor.seq);
    // Two anchors of one row that disagree: one of them records a history that is no longer there.
    if (other && other.hash !== anchor.hash)
      return fail(
        anchor.seq,
        'rewritten',
        `the anchors of row ${anchor.seq} disagree (${other.at}, ${anchor.at})`,
      );
    anchored.set(anchor.seq, anchor);
  }
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
      const anchor = anchored.get(row.seq);
      if (anchor && anchor.hash !== row.hash)
        return fail(
          row.seq,
          'rewritten',
          `row ${row.seq} has hash ${row.hash}, but the anchor taken at ${anchor.at} says ${anchor.hash}: ` +
            'the history up to it was rewritten',
        );
      previous = { seq, hash: row.hash };
      checked += 1;
    }
    onProgress?.(checked);
  }
  if (previous.seq.toString() !== head.seq || previous.hash !== head.hash) {
    const next = (previous.seq + 1n).toString();
    return fail(next, 'deleted', `the chain ends at row ${previous.seq} but its head is row ${head.seq}`);
  }
  const beyond = [...anchored.values()].filter((a) => BigInt(a.seq) > previous.seq);
  if (beyond.length > 0) {
    const latest = beyond.reduce((a, b) => (BigInt(a.seq) > BigInt(b.seq) ? a : b));
    return fail(
      (previous.seq + 1n).toString(),
      'deleted',
      `the chain ends at row ${previous.seq}, but it reached row ${latest.seq} when anchored at ${latest.at}: ` +
        'rows were cut off its end',
    );
  }
  return { ok: true, checked, head, anchorsChecked: anchored.size };
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
