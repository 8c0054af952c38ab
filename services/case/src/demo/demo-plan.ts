import { CASE_CATEGORIES } from '@yiwang/contracts';
import { CASE_CHANNELS } from '../intake/case-channels.js';

/** mulberry32: a small seeded generator, so the same seed plans the same demo. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Where a demo case ends up: every lifecycle state, and the notable paths to them. */
export const DEMO_ENDINGS = [
  ['reported', 8],
  ['registered', 7],
  ['dispatched', 9],
  ['accepted', 8],
  ['returned', 5],
  ['in_progress', 10],
  ['self_handled', 4],
  ['suspended', 4],
  ['resolved', 9],
  ['rated', 7],
  ['closed', 17],
  ['reopened', 3],
  ['escalated', 4],
  ['joint', 3],
  ['merged', 2],
  ['invalid', 2],
  ['unreasonable', 2],
] as const;

export type DemoEnding = (typeof DEMO_ENDINGS)[number][0];

export interface PlannedCase {
  index: number;
  ending: DemoEnding;
  category: string;
  channel: string;
  priority: 'normal' | 'urgent' | 'emergency';
  /** Index into the district's grids, and where inside it (0..1 toward a corner). */
  grid: number;
  corner: number;
  reach: number;
  rating: 'satisfied' | 'basically_satisfied' | 'dissatisfied';
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)];

function ending(random: () => number): DemoEnding {
  const total = DEMO_ENDINGS.reduce((sum, [, w]) => sum + w, 0);
  let roll = random() * total;
  for (const [name, weight] of DEMO_ENDINGS) {
    roll -= weight;
    if (roll < 0) return name;
  }
  return 'closed';
}

/** The whole demo from its seed: the same seed, the same cases in the same states. */
export function planDemo(seed: number, count: number, grids: number): PlannedCase[] {
  const random = seededRandom(seed);
  const categories = Object.keys(CASE_CATEGORIES);
  const plan: PlannedCase[] = [];
  for (let index = 0; index < count; index++) {
    // Every ending at least once, then by weight.
    const end = index < DEMO_ENDINGS.length ? DEMO_ENDINGS[index][0] : ending(random);
    const urgency = random();
    plan.push({
      index,
      ending: end,
      category: pick(random, categories),
      channel: pick(random, CASE_CHANNELS),
      priority: urgency < 0.8 ? 'normal' : urgency < 0.96 ? 'urgent' : 'emergency',
      grid: Math.floor(random() * grids),
      corner: random(),
      reach: 0.2 + random() * 0.6,
      rating: pick(random, ['satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied'] as const),
    });
  }
  return plan;
}
