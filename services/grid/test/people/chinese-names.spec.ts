import { fullPinyin, makeName, pinyinInitials, seededRandom } from '../../src/people/index.js';
import {
  FEMALE_GIVEN_CHARACTERS,
  MALE_GIVEN_CHARACTERS,
  SURNAME_WEIGHTS,
} from '../../src/people/chinese-name-data.js';

const SURNAMES = new Set(SURNAME_WEIGHTS.map(([surname]) => surname));

function names(seed: number, count: number, gender: 'male' | 'female'): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => makeName(random, gender));
}

/** Splits a generated name, preferring a two-character surname when the table has one. */
function split(name: string): { surname: string; given: string } {
  const surname = SURNAMES.has(name.slice(0, 2)) && name.length > 2 ? name.slice(0, 2) : name.slice(0, 1);
  return { surname, given: name.slice(surname.length) };
}

describe('surname table', () => {
  it('has at least the 100 most common surnames, led by 王 李 张, and a few compound ones', () => {
    expect(SURNAME_WEIGHTS.filter(([surname]) => surname.length === 1).length).toBeGreaterThanOrEqual(100);
    expect(SURNAME_WEIGHTS.slice(0, 10).map(([surname]) => surname)).toEqual([
      '王',
      '李',
      '张',
      '刘',
      '陈',
      '杨',
      '黄',
      '赵',
      '吴',
      '周',
    ]);
    expect(SURNAMES.has('欧阳')).toBe(true);
    expect(SURNAMES.has('司马')).toBe(true);
    expect(SURNAMES.size).toBe(SURNAME_WEIGHTS.length);
    for (const [, weight] of SURNAME_WEIGHTS) expect(weight).toBeGreaterThan(0);
  });
});

describe('makeName', () => {
  it('is deterministic for a fixed seed and varies across seeds', () => {
    expect(names(42, 50, 'female')).toEqual(names(42, 50, 'female'));
    expect(names(42, 50, 'female')).not.toEqual(names(43, 50, 'female'));
  });

  it.each(['male', 'female'] as const)('produces plausible %s names', (gender) => {
    const pool = new Set(gender === 'male' ? MALE_GIVEN_CHARACTERS : FEMALE_GIVEN_CHARACTERS);
    const generated = names(2026, 3000, gender);
    let single = 0;
    for (const name of generated) {
      expect(name).toMatch(/^\p{Script=Han}{2,4}$/u);
      const { surname, given } = split(name);
      expect(SURNAMES.has(surname)).toBe(true);
      expect(given.length === 1 || given.length === 2).toBe(true);
      for (const character of given) expect(pool.has(character)).toBe(true);
      if (given.length === 1) single += 1;
    }
    expect(single / generated.length).toBeGreaterThan(0.2);
    expect(single / generated.length).toBeLessThan(0.3);
  });

  it('draws common surnames far more often than rare ones', () => {
    const counts = new Map<string, number>();
    for (const name of names(7, 20_000, 'male')) {
      const { surname } = split(name);
      counts.set(surname, (counts.get(surname) ?? 0) + 1);
    }
    const share = (surname: string) => (counts.get(surname) ?? 0) / 20_000;
    expect(share('王')).toBeGreaterThan(0.05);
    expect(share('王')).toBeLessThan(0.1);
    expect(share('王')).toBeGreaterThan(share('徐') * 3);
    expect(share('欧阳')).toBeLessThan(0.002);
    expect(counts.size).toBeGreaterThan(100);
  });

  it('rejects a random source outside [0, 1)', () => {
    expect(() => makeName(() => 1, 'male')).toThrow(RangeError);
    expect(() => makeName(() => -0.1, 'female')).toThrow(RangeError);
  });
});

describe('pinyinInitials', () => {
  it.each([
    ['张三', 'zs'],
    ['欧阳娜娜', 'oynn'],
    ['单雄信', 'sxx'],
    ['曾国藩', 'zgf'],
    ['解缙', 'xj'],
    ['仇英', 'qy'],
    ['李单', 'ld'],
    [' 王 伟 ', 'ww'],
    ['阿依古丽·买买提', 'aygl' + 'mmt'],
  ])('%s → %s', (name, initials) => {
    expect(pinyinInitials(name)).toBe(initials);
  });
});

describe('fullPinyin', () => {
  it.each([
    ['张三', 'zhangsan'],
    ['欧阳娜娜', 'ouyangnana'],
    ['单雄信', 'shanxiongxin'],
    ['曾国藩', 'zengguofan'],
    ['吕布', 'lvbu'],
  ])('%s → %s', (name, pinyin) => {
    expect(fullPinyin(name)).toBe(pinyin);
  });
});
