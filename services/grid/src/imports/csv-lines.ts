import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/** A line the guard took out of the stream, and why. Reasons never contain the line's content. */
export interface LineIssue {
  line: number;
  reason: string;
}

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const EMPTY_LINE = Buffer.from('\n');

/** Longest accepted line: a register row is a few hundred bytes; a line without an end is not a row. */
export const MAX_LINE_BYTES = 64 * 1024;

/**
 * Sits between the file and the CSV parser and keeps one bad line from spoiling the next: a registry row
 * never spans lines (no field may hold a line break), so every physical line is checked on its own and
 * a line with a stray or unclosed quote, or longer than {@link MAX_LINE_BYTES}, is replaced by an empty
 * line (which the parser skips, so line numbers stay exact) and reported. Without this, one unbalanced
 * quote makes a CSV parser read the rest of the file as a single field.
 *
 * Also counts the bytes taken from the source (progress) and hashes them (the job's file_sha256).
 * Lines end in LF or CRLF. Chunks pass through as slices of the input: only a line split across two
 * chunks is copied.
 */
export class CsvLineGuard extends Transform {
  /** Bytes taken from the source so far. */
  bytes = 0;
  private readonly hash = createHash('sha256');
  private line = 0;
  private rest: Buffer | null = null;
  /** Inside a line that grew past the limit: its bytes are dropped up to the next line end. */
  private overlong = false;

  constructor(private readonly onIssue: (issue: LineIssue) => void) {
    super();
  }

  /** SHA-256 of everything read, hex; valid once the stream has ended. */
  digest(): string {
    return this.hash.digest('hex');
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    this.hash.update(chunk);
    const data = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    this.rest = null;
    const out: Buffer[] = [];
    let start = 0;
    // Lines are checked only when they hold a quote; the next quote is found once per scan, not per line.
    let nextQuote = -1;
    let keptFrom = 0;
    for (;;) {
      const end = data.indexOf(LF, start);
      if (end < 0) break;
      this.line += 1;
      if (this.overlong) {
        this.overlong = false;
        this.reject(out, data, keptFrom, start, `the line is longer than ${MAX_LINE_BYTES} bytes`);
        keptFrom = end + 1;
      } else {
        if (nextQuote < start && nextQuote !== Infinity) {
          const found = data.indexOf(QUOTE, start);
          nextQuote = found < 0 ? Infinity : found;
        }
        const tooLong = end - start > MAX_LINE_BYTES;
        if (tooLong || (nextQuote < end && !wellQuoted(data, this.contentStart(data, start), end))) {
          this.reject(
            out,
            data,
            keptFrom,
            start,
            tooLong
              ? `the line is longer than ${MAX_LINE_BYTES} bytes`
              : 'the line has a stray or unclosed quote (")',
          );
          keptFrom = end + 1;
        }
      }
      start = end + 1;
    }
    if (keptFrom < start) out.push(data.subarray(keptFrom, start));
    if (start < data.length) {
      if (this.overlong || data.length - start > MAX_LINE_BYTES) {
        // Drop what is buffered of an endless line; the line is reported when it finally ends.
        this.overlong = true;
      } else {
        this.rest = Buffer.from(data.subarray(start));
      }
    }
    callback(null, out.length === 1 ? out[0] : out.length ? Buffer.concat(out) : undefined);
  }

  override _flush(callback: TransformCallback): void {
    if (this.overlong) {
      this.line += 1;
      this.onIssue({ line: this.line, reason: `the line is longer than ${MAX_LINE_BYTES} bytes` });
      callback();
      return;
    }
    const last = this.rest;
    this.rest = null;
    if (!last || last.length === 0) {
      callback();
      return;
    }
    this.line += 1;
    if (last.includes(QUOTE) && !wellQuoted(last, this.contentStart(last, 0), last.length)) {
      this.onIssue({ line: this.line, reason: 'the line has a stray or unclosed quote (")' });
      callback();
      return;
    }
    callback(null, last);
  }

  private reject(out: Buffer[], data: Buffer, keptFrom: number, start: number, reason: string): void {
    if (keptFrom < start) out.push(data.subarray(keptFrom, start));
    out.push(EMPTY_LINE);
    this.onIssue({ line: this.line, reason });
  }

  /** The byte-order mark is not part of the first field. */
  private contentStart(data: Buffer, start: number): number {
    return this.line === 1 && data.subarray(start, start + 3).equals(BOM) ? start + 3 : start;
  }
}

/**
 * Whether `data[start, end)` (one line, its LF excluded) is well-formed RFC 4180: every field either
 * holds no quote at all, or is wholly quoted with inner quotes doubled.
 */
export function wellQuoted(data: Buffer, start: number, end: number): boolean {
  if (end > start && data[end - 1] === CR) end -= 1;
  let i = start;
  for (;;) {
    if (data[i] === QUOTE && i < end) {
      i += 1;
      for (;;) {
        if (i >= end) return false;
        if (data[i] === QUOTE) {
          if (i + 1 < end && data[i + 1] === QUOTE) {
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        i += 1;
      }
      if (i === end) return true;
      if (data[i] !== COMMA) return false;
      i += 1;
    } else {
      while (i < end && data[i] !== COMMA) {
        if (data[i] === QUOTE) return false;
        i += 1;
      }
      if (i >= end) return true;
      i += 1;
    }
  }
}
