import {
  CASE_CATEGORIES,
  CATEGORY_ATTRIBUTES,
  CATEGORY_CATALOGUE_CHANGESET,
  checkAttributeAnswers,
  type CategoryAttribute,
} from '../src/index.js';

const LISTS = ['singlevaluelist', 'multivaluelist'];

describe('category questions (Open311 service attributes)', () => {
  it('are well-formed: known categories, unique codes, ordered, values exactly on list questions', () => {
    expect(CATEGORY_CATALOGUE_CHANGESET).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const entries: [string, readonly CategoryAttribute[] | undefined][] = Object.entries(CATEGORY_ATTRIBUTES);
    for (const [category, questions = []] of entries) {
      expect(Object.keys(CASE_CATEGORIES)).toContain(category);
      const codes = questions.map((q) => q.code);
      expect(new Set(codes).size).toBe(codes.length);
      for (const code of codes) expect(code).toMatch(/^[A-Z][A-Z0-9_]{0,63}$/);
      expect(questions.map((q) => q.order)).toEqual(questions.map((_, i) => i + 1));
      for (const q of questions) {
        expect({ code: q.code, hasValues: (q.values?.length ?? 0) > 0 }).toEqual({
          code: q.code,
          hasValues: LISTS.includes(q.datatype),
        });
        // An informational attribute is never required: nobody can answer it.
        if (!q.variable) expect(q.required).toBe(false);
      }
    }
  });

  it('keeps answers in their kept form and names each problem', () => {
    expect(
      checkAttributeAnswers('road_damage', {
        DAMAGE_SIZE: 'medium',
        DAMAGE_KIND: ['crack', 'crack', 'pothole'],
        DEPTH_CM: ' 7 ',
      }),
    ).toEqual({
      answers: { DAMAGE_SIZE: 'medium', DAMAGE_KIND: ['crack', 'pothole'], DEPTH_CM: 7 },
      problems: [],
    });
    expect(
      checkAttributeAnswers('street_vending', {
        VENDOR_KIND: ['fixed_stall', 'mobile_cart'],
        SEEN_AT: '2026-11-05 19:30',
        BLOCKS_PASSAGE: 'yes',
      }).problems,
    ).toEqual([
      { code: 'VENDOR_KIND', message: 'must be one of fixed_stall, mobile_cart, shop_overflow' },
      { code: 'SEEN_AT', message: 'must be a W3C date-time such as 2026-11-05T19:30:00+08:00' },
    ]);
    expect(
      checkAttributeAnswers('street_vending', {
        VENDOR_KIND: 'fixed_stall',
        SEEN_AT: '2026-11-05T19:30+08:00',
      }).answers,
    ).toEqual({ VENDOR_KIND: 'fixed_stall', SEEN_AT: '2026-11-05T19:30+08:00' });
    expect(checkAttributeAnswers('street_light', { POLE_NUMBER: 'x'.repeat(201) }).problems).toEqual([
      { code: 'POLE_NUMBER', message: 'must be at most 200 characters' },
    ]);
    expect(checkAttributeAnswers('road_damage', { DEPTH_CM: 'Infinity', DAMAGE_SIZE: '' }).problems).toEqual([
      { code: 'DAMAGE_SIZE', message: 'is required' },
      { code: 'DEPTH_CM', message: 'must be a number' },
    ]);
  });

  it('leaves required answers to the caller that asks for them', () => {
    expect(checkAttributeAnswers('street_light', {}, { required: false })).toEqual({
      answers: {},
      problems: [],
    });
    expect(checkAttributeAnswers('street_light', {}).problems).toEqual([
      { code: 'POLE_NUMBER', message: 'is required' },
    ]);
    expect(checkAttributeAnswers('noise', {})).toEqual({ answers: {}, problems: [] });
  });
});
