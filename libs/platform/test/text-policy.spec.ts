import fc from 'fast-check';
import { DomainError, MAX_DEPTH, applyTextPolicy, isCalendarDay, textProblem } from '@yiwang/platform';

const refusedOf = (value: unknown, root = 'body'): DomainError => {
  try {
    applyTextPolicy(value, root);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`accepted: ${JSON.stringify(value)}`);
};

describe('the platform text policy', () => {
  it.each([
    ['NUL', 'a\u0000b', 'U+0000'],
    ['bell', 'a\u0007b', 'U+0007'],
    ['escape', '\u001b[31m', 'U+001B'],
    ['vertical tab', 'a\u000bb', 'U+000B'],
    ['DEL', 'a\u007fb', 'U+007F'],
    ['C1 next line', 'a\u0085b', 'U+0085'],
    ['right-to-left override', '\u202egnp.exe', 'U+202E'],
    ['left-to-right embedding', '\u202aab', 'U+202A'],
    ['first strong isolate', '\u2068x', 'U+2068'],
    ['pop directional isolate', 'x\u2069', 'U+2069'],
    ['noncharacter', 'a\uffff', 'U+FFFF'],
  ])('refuses %s, naming the field and the character', (_label, text, code) => {
    const error = refusedOf({ case: { title: text } });
    expect(error.code).toBe('validation.text');
    expect(error.kind).toBe('invalid');
    expect(error.details).toEqual([{ field: 'body.case.title', message: expect.stringContaining(code) }]);
  });

  it.each([
    ['a lone high surrogate', 'a\ud800b'],
    ['a lone low surrogate', '\udc00'],
    ['surrogates in the wrong order', '\udc00\ud800'],
  ])('refuses %s as not well-formed Unicode', (_label, text) => {
    expect(refusedOf([text], 'query.q').details).toEqual([
      { field: 'query.q.0', message: expect.stringMatching(/lone surrogate/) },
    ]);
  });

  it('accepts tab, line breaks, Chinese, emoji and astral characters, and normalises to NFC in place', () => {
    const body = {
      title: 'e\u0301te\u0301',
      notes: ['行1\n行2\r\n\t缩进', '😀𠮷'],
      n: 3,
      ok: true,
      none: null,
    };
    expect(applyTextPolicy(body, 'body')).toBe(body);
    expect(body).toEqual({ title: 'été', notes: ['行1\n行2\r\n\t缩进', '😀𠮷'], n: 3, ok: true, none: null });
    expect(applyTextPolicy('Å', 'path.name')).toBe('Å'); // U+212B ANGSTROM SIGN → U+00C5
    expect(applyTextPolicy('\u212b', 'path.name')).toBe('\u00c5');
  });

  it('checks field names, refuses __proto__ and nesting deeper than the limit', () => {
    expect(refusedOf(JSON.parse('{"a\\u0000":1}')).details[0]).toEqual({
      field: 'body.a\u0000',
      message: expect.stringMatching(/field name holds a control character/),
    });
    const polluted = refusedOf(JSON.parse('{"x":{"__proto__":{"admin":true}}}'));
    expect(polluted.code).toBe('validation.structure');
    expect(polluted.details).toEqual([{ field: 'body.x.__proto__', message: expect.any(String) }]);
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    const tooDeep = refusedOf(deep);
    expect(tooDeep.code).toBe('validation.structure');
    expect(tooDeep.details[0].message).toBe(`nests deeper than ${MAX_DEPTH} levels`);
    const renamed = JSON.parse('{"e\\u0301":1}');
    applyTextPolicy(renamed, 'body');
    expect(Object.keys(renamed)).toEqual(['é']);
  });

  it('leaves buffers and other binary values alone', () => {
    const bytes = Buffer.from([0, 1, 2]);
    const message = { content: bytes, name: 'file.csv' };
    expect(applyTextPolicy(message, 'request')).toBe(message);
    expect(message.content).toBe(bytes);
  });

  it('on any string: either refuses it, or keeps it as NFC text with no refused character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (text) => {
        const problem = textProblem(text);
        if (problem) {
          expect(refusedOf({ t: text }).code).toBe('validation.text');
        } else {
          const kept = applyTextPolicy({ t: text }, 'body').t;
          expect(kept).toBe(text.normalize('NFC'));
          expect(textProblem(kept)).toBeNull();
        }
      }),
      { numRuns: 2000, seed: 11 },
    );
  });
});

describe('calendar days', () => {
  it('accepts days that exist and refuses the ones Date.parse would roll over', () => {
    expect(['2024-02-29', '2026-01-05', '2026-12-31', '0001-01-01'].filter(isCalendarDay)).toHaveLength(4);
    expect(
      [
        '2025-02-29',
        '2026-02-30',
        '2026-04-31',
        '2026-13-01',
        '0000-00-00',
        '2026-1-5',
        '+275760-09-13',
      ].filter(isCalendarDay),
    ).toEqual([]);
  });
});
