import { deflateRawSync } from 'node:zlib';

/** Small real-looking files for attachment tests: the magic bytes are what matter. */
export const aJpeg = (size = 256) => {
  const data = Buffer.alloc(size, 0x11);
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]).copy(data);
  data[size - 2] = 0xff;
  data[size - 1] = 0xd9;
  return data;
};

export const aPng = () =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);

export const aWebp = () => {
  const data = Buffer.alloc(40);
  data.write('RIFF', 0, 'latin1');
  data.writeUInt32LE(32, 4);
  data.write('WEBPVP8 ', 8, 'latin1');
  return data;
};

export const aPdf = () => Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n', 'latin1');

/** A ZIP of local file entries (what sniffing reads), each stored or deflated. */
export function aZip(entries: { name: string; data: Buffer }[], deflate = true): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const body = deflate ? deflateRawSync(entry.data) : entry.data;
    const name = Buffer.from(entry.name, 'utf8');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0, 6);
    header.writeUInt16LE(deflate ? 8 : 0, 8);
    header.writeUInt32LE(body.length, 18);
    header.writeUInt32LE(entry.data.length, 22);
    header.writeUInt16LE(name.length, 26);
    header.writeUInt16LE(0, 28);
    parts.push(header, name, body);
  }
  return Buffer.concat(parts);
}

export const aDocx = ({ deflate = true } = {}) =>
  aZip(
    [
      {
        name: '[Content_Types].xml',
        data: Buffer.from(
          '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        ),
      },
      { name: 'word/document.xml', data: Buffer.from('<w:document/>') },
    ],
    deflate,
  );
