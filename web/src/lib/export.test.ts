// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { crc32, toCsv, toXlsx, zip } from './export';

interface Row {
  name: string;
  n: number | null;
}
const columns = [
  { title: '姓名', value: (r: Row) => r.name },
  { title: 'N', value: (r: Row) => r.n },
];

/** Reads the stored entries of a zip back (local headers), checking each CRC. */
function unzip(bytes: Uint8Array): Map<string, string> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Map<string, string>();
  let at = 0;
  while (view.getUint32(at, true) === 0x04034b50) {
    const crc = view.getUint32(at + 14, true);
    const size = view.getUint32(at + 18, true);
    const nameLength = view.getUint16(at + 26, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 30, at + 30 + nameLength));
    const data = bytes.subarray(at + 30 + nameLength, at + 30 + nameLength + size);
    expect(crc32(data)).toBe(crc);
    out.set(name, new TextDecoder().decode(data));
    at += 30 + nameLength + size;
  }
  expect(view.getUint32(bytes.length - 22, true)).toBe(0x06054b50);
  expect(view.getUint16(bytes.length - 12, true)).toBe(out.size);
  return out;
}

describe('CSV export', () => {
  it('starts with a BOM, quotes what needs quoting and keeps formulas as text', () => {
    const csv = toCsv(columns, [
      { name: '张三, "老张"', n: 1 },
      { name: '=HYPERLINK("x")', n: null },
      { name: '多行\n文本', n: 2.5 },
    ]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual([
      '姓名,N',
      '"张三, ""老张""",1',
      `"'=HYPERLINK(""x"")",`,
      '"多行\n文本",2.5',
      '',
    ]);
  });
});

describe('Excel export', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('writes a zip whose entries read back intact', () => {
    const files = unzip(zip([{ name: 'a.txt', data: new TextEncoder().encode('你好') }]));
    expect(files.get('a.txt')).toBe('你好');
  });

  it('writes an OOXML workbook with numbers as numbers and text escaped', () => {
    const files = unzip(toXlsx(columns, [{ name: 'a<b & "c"', n: 42 }], '居民'));
    expect([...files.keys()].sort()).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
    ]);
    const sheet = files.get('xl/worksheets/sheet1.xml')!;
    expect(sheet).toContain('<c r="A1" t="inlineStr"><is><t xml:space="preserve">姓名</t></is></c>');
    expect(sheet).toContain('a&lt;b &amp; &quot;c&quot;');
    expect(sheet).toContain('<c r="B2"><v>42</v></c>');
    expect(files.get('xl/workbook.xml')).toContain('name="居民"');
  });
});
