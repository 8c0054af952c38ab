import { inflateRawSync } from 'node:zlib';

/** Media types recognised from their bytes (magic numbers), never from the name or the declared type. */
export const SNIFFABLE_TYPES = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/heic',
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
] as const;

export type SniffedType = (typeof SNIFFABLE_TYPES)[number];

export const EXTENSIONS: Record<SniffedType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
};

const startsWith = (data: Buffer, bytes: number[], offset = 0) =>
  data.length >= offset + bytes.length && bytes.every((b, i) => data[offset + i] === b);
const ascii = (data: Buffer, text: string, offset = 0) =>
  startsWith(data, [...Buffer.from(text, 'latin1')], offset);

export function sniffType(data: Buffer): SniffedType | null {
  if (startsWith(data, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (ascii(data, 'GIF87a') || ascii(data, 'GIF89a')) return 'image/gif';
  if (ascii(data, 'RIFF') && ascii(data, 'WEBP', 8)) return 'image/webp';
  if (ascii(data, 'ftyp', 4) && ['heic', 'heix', 'mif1', 'msf1'].some((brand) => ascii(data, brand, 8)))
    return 'image/heic';
  if (ascii(data, '%PDF-')) return 'application/pdf';
  if (startsWith(data, [0x50, 0x4b, 0x03, 0x04])) return officeType(data);
  return null;
}

/**
 * An Office Open XML file is a ZIP whose [Content_Types].xml names the main part. Walks the local file
 * headers (no central directory needed) and reads that one entry; any other ZIP is not accepted.
 */
function officeType(data: Buffer): SniffedType | null {
  let offset = 0;
  for (let entries = 0; entries < 2000 && startsWith(data, [0x50, 0x4b, 0x03, 0x04], offset); entries++) {
    if (offset + 30 > data.length) return null;
    const flags = data.readUInt16LE(offset + 6);
    const method = data.readUInt16LE(offset + 8);
    const compressed = data.readUInt32LE(offset + 18);
    const nameLength = data.readUInt16LE(offset + 26);
    const extraLength = data.readUInt16LE(offset + 28);
    const name = data.toString('utf8', offset + 30, offset + 30 + nameLength);
    const start = offset + 30 + nameLength + extraLength;
    // Sizes after the data (bit 3) cannot be walked without the central directory.
    if (flags & 0x08) return null;
    if (name === '[Content_Types].xml') {
      const raw = data.subarray(start, start + compressed);
      let xml: string;
      try {
        xml = (method === 8 ? inflateRawSync(raw, { maxOutputLength: 1 << 20 }) : raw).toString('utf8');
      } catch {
        return null;
      }
      if (xml.includes('wordprocessingml.document.main+xml'))
        return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
      if (xml.includes('spreadsheetml.sheet.main+xml'))
        return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      if (xml.includes('presentationml.presentation.main+xml'))
        return 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
      return null;
    }
    offset = start + compressed;
  }
  return null;
}

/** Declared types that mean "I do not know": the sniffed type decides. */
export function isGenericType(declared: string): boolean {
  return declared === '' || declared === 'application/octet-stream' || declared === 'binary/octet-stream';
}

/** The media type without parameters, lower case (`image/JPEG; q=1` → `image/jpeg`). */
export function essence(type: string): string {
  return type.split(';')[0].trim().toLowerCase();
}
