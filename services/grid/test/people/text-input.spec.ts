import { parseText } from '../../src/shared/text-input.js';

describe('registry text (names, addresses, CSV cells) under the platform text policy', () => {
  it('refuses what the platform refuses, without echoing the value', () => {
    for (const [value, code] of [
      ['张\u0000伟', 'U+0000'],
      ['张\u202e伟', 'U+202E'],
      ['张\u0085伟', 'U+0085'],
    ] as const) {
      const parsed = parseText(value, 32);
      expect(parsed).toEqual({ ok: false, reason: expect.stringContaining(code) });
      expect(JSON.stringify(parsed)).not.toContain('张');
    }
    expect(parseText('张\ud800伟', 32)).toEqual({
      ok: false,
      reason: expect.stringMatching(/lone surrogate/),
    });
  });

  it('keeps names on one line and stores them trimmed and NFC-normalised', () => {
    expect(parseText('张\n伟', 32)).toEqual({ ok: false, reason: 'must not contain control characters' });
    expect(parseText('  Jose\u0301 王  ', 32)).toEqual({ ok: true, value: 'Jos\u00e9 王' });
  });
});
