import {
  isSyntheticMobile,
  makeSyntheticMobile,
  parseMobile,
  seededRandom,
  SYNTHETIC_MOBILE_PREFIXES,
} from '../../src/people/index.js';

describe('parseMobile', () => {
  it.each([
    '13812345678',
    '138 1234 5678',
    '138-1234-5678',
    '+8613812345678',
    '+86 138 1234 5678',
    '0086 13812345678',
    '8613812345678',
    ' 19912345678 ',
  ])('accepts %s', (raw) => {
    const parsed = parseMobile(raw);
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && parsed.value).toMatch(/^1[3-9]\d{9}$/);
  });

  it('normalises to the 11 national digits', () => {
    expect(parseMobile('+86 138-1234-5678')).toEqual({ ok: true, value: '13812345678' });
  });

  it.each([
    ['', 'is empty'],
    ['12812345678', 'must be an 11-digit mainland mobile number starting with 13 to 19'],
    ['1381234567', 'must be an 11-digit mainland mobile number starting with 13 to 19'],
    ['138123456789', 'must be an 11-digit mainland mobile number starting with 13 to 19'],
    ['020-12345678', 'must be an 11-digit mainland mobile number starting with 13 to 19'],
    ['+85261234567', 'may contain only digits, spaces, dashes and a leading +86 or 0086'],
    ['138.1234.5678', 'may contain only digits, spaces, dashes and a leading +86 or 0086'],
    ['138123456７8', 'may contain only digits, spaces, dashes and a leading +86 or 0086'],
  ])('rejects %j without echoing it', (raw, reason) => {
    expect(parseMobile(raw)).toEqual({ ok: false, reason });
  });
});

describe('makeSyntheticMobile', () => {
  it('produces valid mobiles in the documented demo range, deterministically', () => {
    const first = Array.from(
      { length: 200 },
      (
        (random) => () =>
          makeSyntheticMobile(random)
      )(seededRandom(7)),
    );
    const again = Array.from(
      { length: 200 },
      (
        (random) => () =>
          makeSyntheticMobile(random)
      )(seededRandom(7)),
    );
    expect(again).toEqual(first);
    for (const mobile of first) {
      expect(parseMobile(mobile)).toEqual({ ok: true, value: mobile });
      expect(isSyntheticMobile(mobile)).toBe(true);
      expect(SYNTHETIC_MOBILE_PREFIXES.some((prefix) => mobile.startsWith(prefix))).toBe(true);
    }
    expect(new Set(first).size).toBeGreaterThan(190);
    expect(new Set(first.map((mobile) => mobile.slice(0, 3)))).toEqual(new Set(['170', '171']));
  });

  it('does not call real-looking numbers synthetic', () => {
    expect(isSyntheticMobile('13812345678')).toBe(false);
    expect(isSyntheticMobile('17012345678')).toBe(false);
  });

  it('rejects a random source outside [0, 1)', () => {
    expect(() => makeSyntheticMobile(() => 1)).toThrow(RangeError);
    expect(() => makeSyntheticMobile(() => Number.NaN)).toThrow(RangeError);
  });
});
