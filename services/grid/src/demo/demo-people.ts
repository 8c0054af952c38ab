import type { Random } from '../people/index.js';
import {
  makeIdNumber,
  makeName,
  makeSyntheticMobile,
  pinyinInitials,
  SYNTHETIC_SEQUENCE_RANGE,
} from '../people/index.js';

export interface DemoPerson {
  name: string;
  initials: string;
  gender: 'male' | 'female';
  birthDate: string;
  idNumber: string;
  phone: string | null;
  relation: 'head' | 'spouse' | 'child' | 'parent';
  age: number;
}

// Ages count from a fixed day, so a seed gives the same people whenever it runs.
const TODAY = new Date(Date.UTC(2026, 0, 1));

/**
 * A household of 1–5 people with plausible relations, ages and names (children share the head's
 * surname). ID numbers are checksum-valid with sequences from the synthetic range; `taken` keeps them
 * unique within one run.
 */
export function demoHousehold(random: Random, regionCode: string, taken: Set<string>): DemoPerson[] {
  const size = pickSize(random);
  const headAge = 25 + Math.floor(random() * 60);
  const headGender = random() < 0.55 ? 'male' : 'female';
  const head = person(random, regionCode, taken, headGender, headAge, 'head');
  const people = [head];
  if (size >= 2 && headAge < 85) {
    people.push(
      person(
        random,
        regionCode,
        taken,
        headGender === 'male' ? 'female' : 'male',
        headAge + Math.floor(random() * 7) - 3,
        'spouse',
      ),
    );
  }
  for (let i = people.length; i < size; i += 1) {
    const childAge = Math.max(0, headAge - 22 - Math.floor(random() * 15));
    const child = person(random, regionCode, taken, random() < 0.5 ? 'male' : 'female', childAge, 'child');
    child.name = head.name.slice(0, surnameLength(head.name)) + child.name.slice(surnameLength(child.name));
    child.initials = pinyinInitials(child.name);
    people.push(child);
  }
  return people;
}

const COMPOUND_SURNAMES = ['欧阳', '司马', '诸葛', '上官', '司徒', '东方', '慕容', '皇甫', '夏侯', '尉迟'];

function surnameLength(name: string): number {
  return COMPOUND_SURNAMES.some((s) => name.startsWith(s)) ? 2 : 1;
}

function pickSize(random: Random): number {
  const r = random();
  return r < 0.18 ? 1 : r < 0.5 ? 2 : r < 0.78 ? 3 : r < 0.95 ? 4 : 5;
}

function person(
  random: Random,
  regionCode: string,
  taken: Set<string>,
  gender: 'male' | 'female',
  age: number,
  relation: DemoPerson['relation'],
): DemoPerson {
  const name = makeName(random, gender);
  const years = Math.min(Math.max(age, 0), 100);
  let idNumber = '';
  let birthDate = '';
  for (let attempt = 0; attempt < 50; attempt += 1) {
    // `age` full years ago, minus up to a year: always in the past.
    const born = new Date(
      Date.UTC(TODAY.getUTCFullYear() - years, TODAY.getUTCMonth(), TODAY.getUTCDate() - 1),
    );
    born.setUTCDate(born.getUTCDate() - Math.floor(random() * 365));
    birthDate = born.toISOString().slice(0, 10);
    const [low, high] = SYNTHETIC_SEQUENCE_RANGE;
    // Odd sequences are men, even women (GB 11643): draw one of the right parity.
    let sequence = low + Math.floor(random() * (high - low + 1));
    if ((sequence % 2 === 1) !== (gender === 'male'))
      sequence = sequence === high ? sequence - 1 : sequence + 1;
    idNumber = makeIdNumber(regionCode, birthDate, sequence);
    if (!taken.has(idNumber)) break;
  }
  taken.add(idNumber);
  return {
    name,
    initials: pinyinInitials(name),
    gender,
    birthDate,
    idNumber,
    phone: age >= 16 ? makeSyntheticMobile(random) : null,
    relation,
    age,
  };
}
