import { appendFile, readFile } from 'node:fs/promises';

/**
 * The audit chain's head, written down outside the database. Whoever can rewrite the database can rebuild
 * a chain that verifies on its own (recompute every hash) or cut rows off its end and move the head back;
 * neither can change an anchor already in a file, a log or another system. `audit-verify --anchor` then
 * proves the chain still passes through every anchored row with the anchored hash.
 */
export interface AuditAnchor {
  seq: string;
  hash: string;
  /** When the anchor was taken (ISO 8601). */
  at: string;
}

const HASH = /^[0-9a-f]{64}$/;
const SEQ = /^[0-9]{1,19}$/;

export class AnchorError extends Error {}

export function anchorLine(anchor: AuditAnchor): string {
  return `audit chain head: row ${anchor.seq} hash ${anchor.hash} at ${anchor.at}`;
}

/**
 * Sends an anchor where the configuration says: a JSON line appended to `file` (one line per anchor, so the
 * file keeps the history), a JSON POST to `url`. Answers what was done, for the caller to print or log.
 */
export async function publishAnchor(
  anchor: AuditAnchor,
  target: { file?: string; url?: string; timeoutMs?: number },
): Promise<string[]> {
  const done: string[] = [];
  if (target.file) {
    await appendFile(target.file, `${JSON.stringify(anchor)}\n`, 'utf8');
    done.push(`appended to ${target.file}`);
  }
  if (target.url) {
    const response = await fetch(target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Yiwang-Audit-Anchor/1' },
      body: JSON.stringify({ type: 'yiwang.audit.anchor.v1', ...anchor }),
      signal: AbortSignal.timeout(target.timeoutMs ?? 10_000),
    });
    await response.body?.cancel().catch(() => undefined);
    if (!response.ok) throw new AnchorError(`POST ${target.url} answered HTTP ${response.status}`);
    done.push(`posted to ${target.url}`);
  }
  return done;
}

/**
 * `seq:hash` (one anchor), or a file of anchors: JSON lines as `publishAnchor` writes them (a single JSON
 * object, or `seq:hash` lines, are read too). Every anchor in the file is checked.
 */
export async function readAnchors(spec: string): Promise<AuditAnchor[]> {
  const inline = /^([0-9]+):([0-9a-f]{64})$/.exec(spec.trim());
  if (inline) return [{ seq: inline[1], hash: inline[2], at: 'given on the command line' }];
  let text: string;
  try {
    text = await readFile(spec, 'utf8');
  } catch (error) {
    throw new AnchorError(
      `--anchor ${spec}: neither seq:hash nor a readable file (${(error as NodeJS.ErrnoException).code})`,
    );
  }
  const anchors = text
    .split('\n')
    .map((line, i) => [line.trim(), i + 1] as const)
    .filter(([line]) => line.length > 0)
    .map(([line, n]) => parseAnchor(line, `${spec}:${n}`));
  if (anchors.length === 0) throw new AnchorError(`${spec} holds no anchor`);
  return anchors;
}

function parseAnchor(line: string, where: string): AuditAnchor {
  const inline = /^([0-9]+):([0-9a-f]{64})$/.exec(line);
  if (inline) return { seq: inline[1], hash: inline[2], at: where };
  let value: Partial<Record<keyof AuditAnchor, unknown>>;
  try {
    value = JSON.parse(line);
  } catch {
    throw new AnchorError(`${where}: not a JSON anchor or seq:hash`);
  }
  // A seq may be written as a number or a string; anything else is not an anchor.
  const seq = typeof value.seq === 'number' || typeof value.seq === 'string' ? String(value.seq) : '';
  const hash = typeof value.hash === 'string' ? value.hash : '';
  if (!SEQ.test(seq) || !HASH.test(hash))
    throw new AnchorError(`${where}: an anchor needs seq and a hex hash`);
  return { seq: BigInt(seq).toString(), hash, at: typeof value.at === 'string' ? value.at : where };
}
