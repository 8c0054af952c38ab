import { sniffType } from '../../src/attachments/attachment-types.js';
import { aDocx, aJpeg, aPdf, aPng, aWebp, aZip } from './files.js';

describe('attachment type sniffing (magic bytes)', () => {
  it('recognises images and PDF from their first bytes', () => {
    expect(sniffType(aJpeg())).toBe('image/jpeg');
    expect(sniffType(aPng())).toBe('image/png');
    expect(sniffType(aWebp())).toBe('image/webp');
    expect(sniffType(Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'))).toBe('image/gif');
    expect(sniffType(aPdf())).toBe('application/pdf');
  });

  it('tells a .docx from any other ZIP by its [Content_Types].xml, stored or deflated', () => {
    expect(sniffType(aDocx())).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(sniffType(aDocx({ deflate: false }))).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(sniffType(aZip([{ name: 'evil.exe', data: Buffer.from('MZ') }]))).toBeNull();
  });

  it('refuses what it does not recognise, whatever the name would say', () => {
    expect(sniffType(Buffer.from('MZ\x90\x00 this is a program', 'latin1'))).toBeNull();
    expect(sniffType(Buffer.from('<html><script>alert(1)</script>'))).toBeNull();
    expect(sniffType(Buffer.alloc(0))).toBeNull();
    expect(sniffType(Buffer.from([0xff, 0xd8]))).toBeNull();
  });
});
