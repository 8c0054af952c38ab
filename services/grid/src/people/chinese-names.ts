import { pinyin } from 'pinyin-pro';
import {
  FEMALE_GIVEN_CHARACTERS,
  MALE_GIVEN_CHARACTERS,
  SINGLE_GIVEN_NAME_SHARE,
  SURNAME_WEIGHTS,
} from './chinese-name-data.js';
import { type Gender } from './id-number.js';
import { nextUnit, pickIndex, type Random } from './random.js';

// Surname readings only at the start: 单 inside a given name is still dan.
const SURNAME_FIRST = { toneType: 'none', mode: 'surname', surname: 'head' } as const;

const SURNAMES = SURNAME_WEIGHTS.map(([surname]) => surname);
// Running totals, so a weighted draw is one binary search.
const CUMULATIVE_WEIGHTS = SURNAME_WEIGHTS.reduce<number[]>((totals, [, weight]) => {
  totals.push((totals.at(-1) ?? 0) + weight);
  return totals;
}, []);
const TOTAL_WEIGHT = CUMULATIVE_WEIGHTS.at(-1) ?? 0;

/**
 * A realistic full name (surname first, no separator) for demo residents: surnames weighted by how
 * common they are, given names of one (about 25%) or two characters from a pool for the gender.
 * The same random sequence gives the same name.
 */
export function makeName(random: Random, gender: Gender): string {
  const pool = gender === 'male' ? MALE_GIVEN_CHARACTERS : FEMALE_GIVEN_CHARACTERS;
  const surname = pickSurname(random);
  const length = nextUnit(random) < SINGLE_GIVEN_NAME_SHARE ? 1 : 2;
  let given = '';
  for (let index = 0; index < length; index += 1) given += pool[pickIndex(random, pool.length)];
  return surname + given;
}

/**
 * Lower-case initials for search boxes: `张三` → `zs`, `欧阳娜娜` → `oynn`. The leading surname is
 * read as a surname (单 shan, 曾 zeng, 解 xie; compound surnames such as 欧阳 are recognised); the
 * rest with pinyin-pro's ordinary readings. Characters that are not letters or digits are dropped.
 */
export function pinyinInitials(name: string): string {
  return pinyin(name.trim(), { ...SURNAME_FIRST, pattern: 'first', type: 'array' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/**
 * Lower-case pinyin without tones or spaces: `单雄信` → `shanxiongxin`. ü is written `v` (`吕布` → `lvbu`),
 * as in pinyin input methods, so the result is plain ASCII.
 */
export function fullPinyin(name: string): string {
  return pinyin(name.trim(), { ...SURNAME_FIRST, pattern: 'pinyin', v: true, type: 'array' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

function pickSurname(random: Random): string {
  const target = nextUnit(random) * TOTAL_WEIGHT;
  let low = 0;
  let high = CUMULATIVE_WEIGHTS.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (CUMULATIVE_WEIGHTS[middle] > target) high = middle;
    else low = middle + 1;
  }
  return SURNAMES[low];
}
