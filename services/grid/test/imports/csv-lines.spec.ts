import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { CsvLineGuard, MAX_LINE_BYTES, wellQuoted, type LineIssue } from '../../src/imports/csv-lines.js';

/** Runs text through the guard in chunks of `size` bytes; returns what comes out and the issues. */
async function guard(
  text: string | Buffer,
  size = 7,
): Promise<{ out: string; issues: LineIssue[]; g: CsvLineGuard }> {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  const issues: LineIssue[] = [];
  const g = new CsvLineGuard((issue) => issues.push(issue));
  const out: Buffer[] = [];
  await pipeline(Readable.from(chunks), g, async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) out.push(chunk);
  });
  return { out: Buffer.concat(out).toString('utf8'), issues, g };
}

describe('CsvLineGuard: one bad line never spoils the next', () => {
  it('passes well-formed lines through unchanged, whatever the chunking, and hashes and counts the input', async () => {
    const text = '\uFEFF"household_no",name\r\n1,"张三, 北侧"\n2,"引号""内"\n3,李四';
    for (const size of [1, 2, 3, 5, 64, 1 << 16]) {
      const { out, issues, g } = await guard(text, size);
      expect(out).toBe(text);
      expect(issues).toEqual([]);
      expect(g.bytes).toBe(Buffer.byteLength(text));
      expect(g.digest()).toBe(createHash('sha256').update(text).digest('hex'));
    }
  });

  it('blanks a line with a stray or unclosed quote, keeps line numbers, and the parser reads on', async () => {
    const text = 'a,b\n1,x"y\n2,"open\n3,ok\n4,"bad"q\n5,"last';
    const { out, issues } = await guard(text);
    expect(out).toBe('a,b\n\n\n3,ok\n\n');
    expect(issues).toEqual([
      { line: 2, reason: 'the line has a stray or unclosed quote (")' },
      { line: 3, reason: 'the line has a stray or unclosed quote (")' },
      { line: 5, reason: 'the line has a stray or unclosed quote (")' },
      { line: 6, reason: 'the line has a stray or unclosed quote (")' },
    ]);
    const records: string[][] = [];
    const parser = parse({ relax_column_count: true, record_delimiter: ['\r\n', '\n'] });
    await pipeline(Readable.from([out]), parser, async (source: AsyncIterable<string[]>) => {
      for await (const record of source) records.push(record);
    });
    // Record n is line n: blanked lines stay as empty records.
    expect(records).toEqual([['a', 'b'], [''], [''], ['3', 'ok'], ['']]);
  });

  it('drops a line longer than the limit without holding it, however it is chunked', async () => {
    const long = 'x'.repeat(MAX_LINE_BYTES + 10);
    for (const size of [1000, MAX_LINE_BYTES * 2]) {
      const { out, issues } = await guard(`a\n${long}\nb\n${long}`, size);
      expect(out).toBe('a\n\nb\n');
      expect(issues).toEqual([
        { line: 2, reason: `the line is longer than ${MAX_LINE_BYTES} bytes` },
        { line: 4, reason: `the line is longer than ${MAX_LINE_BYTES} bytes` },
      ]);
    }
  });

  it('checks quoting as RFC 4180 does, field by field', () => {
    const ok = (line: string) => wellQuoted(Buffer.from(line), 0, Buffer.byteLength(line));
    expect(ok('a,b,c')).toBe(true);
    expect(ok('"a,b",c')).toBe(true);
    expect(ok('"",""""')).toBe(true);
    expect(ok('a,"b"\r')).toBe(true);
    expect(ok(',,')).toBe(true);
    expect(ok('a,b"')).toBe(false);
    expect(ok('a, "b"')).toBe(false);
    expect(ok('"a"b')).toBe(false);
    expect(ok('"a""')).toBe(false);
  });
});
