import fc from 'fast-check';
import { isDomainError } from '@yiwang/platform';
import {
  assertIdNumber,
  isKnownRegionCode,
  isSyntheticIdNumber,
  knownRegionCodes,
  makeIdNumber,
  parseIdNumber,
  SYNTHETIC_SEQUENCE_RANGE,
} from '../../src/people/index.js';

// An independent oracle: the MOD 11-2 weights are 2^(17-i) mod 11, derived here rather than copied.
function withCheck(body: string): string {
  const sum = Array.from(body).reduce(
    (total, digit, index) => total + Number(digit) * (2 ** (17 - index) % 11),
    0,
  );
  return body + '10X98765432'[sum % 11];
}

function reasonOf(raw: string, now?: Date): string {
  const parsed = parseIdNumber(raw, { now });
  if (parsed.ok) throw new Error('expected the number to be rejected');
  return parsed.reason;
}

const GB_EXAMPLE = '11010519491231002X';

describe('parseIdNumber', () => {
  it('accepts the GB 11643-1999 example and reads its parts', () => {
    expect(parseIdNumber(GB_EXAMPLE)).toEqual({
      ok: true,
      value: { normalized: GB_EXAMPLE, regionCode: '110105', birthDate: '1949-12-31', gender: 'female' },
    });
  });

  it('trims and upper-cases a lower-case x', () => {
    const parsed = parseIdNumber(`  ${GB_EXAMPLE.toLowerCase()}\n`);
    expect(parsed.ok && parsed.value.normalized).toBe(GB_EXAMPLE);
  });

  it('accepts numbers built for real county codes (天河区, 东城区) and a city-level code', () => {
    for (const [region, date] of [
      ['440106', '1990-01-01'],
      ['110101', '2000-02-29'],
      ['441900', '1975-06-15'], // 东莞市: a city without counties
    ]) {
      const parsed = parseIdNumber(makeIdNumber(region, date, 123));
      expect(parsed).toMatchObject({ ok: true, value: { regionCode: region, birthDate: date } });
    }
  });

  it('agrees with hand-checked check characters', () => {
    // Bodies without zero digits, so every weight counts (sums worked out by hand: 304 → 5, 378 → 8).
    for (const valid of ['123456198812311235', '371292197912312838']) {
      expect(withCheck(valid.slice(0, 17))).toBe(valid);
      const parsed = parseIdNumber(valid);
      expect(parsed.ok ? 'ok' : parsed.reason).not.toBe('checksum does not match');
    }
  });

  it('rejects a wrong check character', () => {
    const valid = makeIdNumber('440106', '1990-01-01', 123);
    const wrong = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
    expect(reasonOf(wrong)).toBe('checksum does not match');
    expect(reasonOf(GB_EXAMPLE.slice(0, 17) + '9')).toBe('checksum does not match');
  });

  it('rejects wrong lengths, letters and an X anywhere but last', () => {
    expect(reasonOf(GB_EXAMPLE.slice(0, 17))).toBe('must be 18 characters long');
    expect(reasonOf(`${GB_EXAMPLE}0`)).toBe('must be 18 characters long');
    expect(reasonOf('')).toBe('must be 18 characters long');
    expect(reasonOf('11010519491231A02X')).toBe('must be 17 digits followed by a digit or X');
    expect(reasonOf('X10105194912310021')).toBe('must be 17 digits followed by a digit or X');
    expect(reasonOf('11010519491231002Y')).toBe('must be 17 digits followed by a digit or X');
    expect(reasonOf('１１０１０５１９４９１２３１００２Ｘ')).toBe(
      'must be 17 digits followed by a digit or X',
    );
  });

  it('rejects dates that do not exist, with a correct checksum', () => {
    expect(reasonOf(withCheck('44010619900230123'))).toBe('birth date is not a real calendar date');
    expect(reasonOf(withCheck('44010619010229123'))).toBe('birth date is not a real calendar date');
    expect(reasonOf(withCheck('44010619901301123'))).toBe('birth date is not a real calendar date');
    expect(reasonOf(withCheck('44010619900100123'))).toBe('birth date is not a real calendar date');
    expect(parseIdNumber(withCheck('44010620000229123')).ok).toBe(true);
  });

  it('rejects birth dates before 1900 and after today (China time)', () => {
    expect(reasonOf(withCheck('44010618991231123'))).toBe('birth date is before 1900-01-01');
    expect(reasonOf(withCheck('44010600500101123'))).toBe('birth date is before 1900-01-01');
    expect(parseIdNumber(withCheck('44010619000101123')).ok).toBe(true);

    // 2030-06-01 16:30 UTC is already 2030-06-02 in Beijing.
    const now = new Date('2030-06-01T16:30:00Z');
    expect(parseIdNumber(withCheck('44010620300602123'), { now }).ok).toBe(true);
    expect(reasonOf(withCheck('44010620300603123'), now)).toBe('birth date is in the future');
    expect(reasonOf(withCheck('44010620991231123'))).toBe('birth date is in the future');
  });

  it('rejects unknown region codes', () => {
    for (const region of ['990000', '000000', '110000', '440199']) {
      expect(reasonOf(withCheck(`${region}19900101123`))).toBe(
        'region code is not a known county- or city-level code',
      );
    }
    expect(isKnownRegionCode('440106')).toBe(true);
    expect(isKnownRegionCode('110100')).toBe(true);
    expect(knownRegionCodes().size).toBeGreaterThan(3000);
  });

  it('reads the gender from the parity of the 17th digit', () => {
    expect(parseIdNumber(makeIdNumber('440106', '1990-01-01', 1))).toMatchObject({
      value: { gender: 'male' },
    });
    expect(parseIdNumber(makeIdNumber('440106', '1990-01-01', 10))).toMatchObject({
      value: { gender: 'female' },
    });
    expect(parseIdNumber(makeIdNumber('440106', '1990-01-01', 999))).toMatchObject({
      value: { gender: 'male' },
    });
  });

  it('every makeIdNumber output parses back to its inputs', () => {
    const regions = Array.from(knownRegionCodes());
    const day = fc
      .date({
        min: new Date('1900-01-01T00:00:00Z'),
        max: new Date('2024-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((date) => date.toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        fc.constantFrom(...regions),
        day,
        fc.integer({ min: 0, max: 999 }),
        (region, birthDate, sequence) => {
          const made = makeIdNumber(region, birthDate, sequence);
          expect(made).toHaveLength(18);
          expect(made).toBe(withCheck(made.slice(0, 17)));
          expect(made.slice(14, 17)).toBe(String(sequence).padStart(3, '0'));
          expect(parseIdNumber(made)).toEqual({
            ok: true,
            value: {
              normalized: made,
              regionCode: region,
              birthDate,
              gender: sequence % 2 === 1 ? 'male' : 'female',
            },
          });
        },
      ),
    );
  });

  it('detects every single-character substitution', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999 }),
        fc.integer({ min: 0, max: 17 }),
        fc.integer({ min: 1, max: 10 }),
        (sequence, position, shift) => {
          const valid = makeIdNumber('110101', '1985-07-20', sequence);
          const alphabet = position === 17 ? '0123456789X' : '0123456789';
          const index = alphabet.indexOf(valid[position]);
          const replacement = alphabet[(index + shift) % alphabet.length];
          fc.pre(replacement !== valid[position]);
          const mutated = valid.slice(0, position) + replacement + valid.slice(position + 1);
          expect(reasonOf(mutated)).toBe('checksum does not match');
        },
      ),
    );
  });
});

describe('assertIdNumber', () => {
  it('returns the parsed number', () => {
    expect(assertIdNumber(GB_EXAMPLE).birthDate).toBe('1949-12-31');
  });

  it('throws an invalid DomainError on the idNumber field that does not echo the number', () => {
    const wrong = '11010519491231002Y'.replace('Y', '9');
    let caught: unknown;
    try {
      assertIdNumber(wrong);
    } catch (error) {
      caught = error;
    }
    expect(isDomainError(caught)).toBe(true);
    if (!isDomainError(caught)) return;
    expect(caught).toMatchObject({
      kind: 'invalid',
      code: 'registry.invalid_id_number',
      details: [{ field: 'idNumber', message: 'checksum does not match' }],
    });
    const rendered = JSON.stringify({
      message: caught.message,
      details: caught.details,
      stack: caught.stack,
    });
    for (const fragment of [wrong, '110105', '19491231', '1949-12-31'])
      expect(rendered).not.toContain(fragment);
  });
});

describe('makeIdNumber', () => {
  it('rejects parts that cannot make a valid number', () => {
    expect(() => makeIdNumber('440106', '1990-01-01', 1000)).toThrow(
      expect.objectContaining({ code: 'registry.invalid_id_parts' }),
    );
    expect(() => makeIdNumber('440106', '1990-01-01', 1.5)).toThrow(/parts are not valid/);
    expect(() => makeIdNumber('990000', '1990-01-01', 1)).toThrow(
      expect.objectContaining({
        details: [{ field: 'regionCode', message: expect.stringMatching(/not a known county/) }],
      }),
    );
    expect(() => makeIdNumber('440106', '1990-02-30', 1)).toThrow(
      expect.objectContaining({ details: [{ field: 'birthDate', message: expect.any(String) }] }),
    );
    expect(() => makeIdNumber('440106', '19900101', 1)).toThrow(/parts are not valid/);
  });
});

describe('synthetic ID numbers', () => {
  it('are those in the documented sequence range', () => {
    expect(SYNTHETIC_SEQUENCE_RANGE).toEqual([900, 999]);
    expect(isSyntheticIdNumber(makeIdNumber('440106', '1990-01-01', 900))).toBe(true);
    expect(isSyntheticIdNumber(makeIdNumber('440106', '1990-01-01', 999))).toBe(true);
    expect(isSyntheticIdNumber(makeIdNumber('440106', '1990-01-01', 899))).toBe(false);
    expect(isSyntheticIdNumber(GB_EXAMPLE)).toBe(false);
    expect(isSyntheticIdNumber('not a number')).toBe(false);
  });
});
