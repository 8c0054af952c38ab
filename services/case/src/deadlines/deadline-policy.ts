import { z } from 'zod';

export const PRIORITIES = ['normal', 'urgent', 'emergency'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const TIERS = ['grid', 'community', 'street', 'district'] as const;
export type Tier = (typeof TIERS)[number];
export const CLOCK_KINDS = ['sign_off', 'response', 'completion', 'tier'] as const;
export type ClockKind = (typeof CLOCK_KINDS)[number];

/** Clock lengths in working hours (a working day is 7.5 h on the default calendar). */
export interface ClockLengths {
  signOff: number;
  response: number;
  completion: number;
}

/**
 * Defaults, in working hours: normal cases are signed off (接单) within 2 h, started within one working day
 * and completed (办结) within five; urgent within 1 h / 4 h / two days; emergencies within 0.5 h / 1 h / 4 h.
 * A tier (小事不出网格、大事不出社区) holds a case for at most one working day at the grid, three at the
 * community and five at the street before it escalates; the district has no tier clock.
 */
export const DEFAULT_CLOCKS: Record<Priority, ClockLengths> = {
  normal: { signOff: 2, response: 7.5, completion: 37.5 },
  urgent: { signOff: 1, response: 4, completion: 15 },
  emergency: { signOff: 0.5, response: 1, completion: 4 },
};
export const DEFAULT_TIER_HOURS: Record<Tier, number | null> = {
  grid: 7.5,
  community: 22.5,
  street: 37.5,
  district: null,
};
/** The warning (yellow card) fires when this share of a clock's working time has passed. */
export const DEFAULT_WARN_RATIO = 0.75;

const hours = z.number().positive().max(10_000);
const lengths = z.object({ signOff: hours, response: hours, completion: hours }).partial().strict();
const byPriority = z.object({ normal: lengths, urgent: lengths, emergency: lengths }).partial().strict();

/** `CASE_DEADLINE_POLICY` (JSON): overrides of the defaults, by priority and by category × priority. */
export const deadlinePolicyConfigSchema = z
  .object({
    priorities: byPriority.default({}),
    categories: z.record(z.string().regex(/^[a-z][a-z0-9_.-]{0,63}$/), byPriority).default({}),
    tiers: z
      .object({ grid: hours.nullable(), community: hours.nullable(), street: hours.nullable() })
      .partial()
      .strict()
      .default({}),
    warnRatio: z.number().gt(0).lt(1).default(DEFAULT_WARN_RATIO),
  })
  .strict();
export type DeadlinePolicyConfig = z.infer<typeof deadlinePolicyConfigSchema>;

/** Clock lengths for a category × priority, and per-tier clocks: code defaults under configured overrides. */
export class DeadlinePolicy {
  readonly warnRatio: number;

  constructor(private readonly config: DeadlinePolicyConfig = deadlinePolicyConfigSchema.parse({})) {
    this.warnRatio = config.warnRatio;
  }

  clocks(category: string, priority: Priority): ClockLengths {
    return {
      ...DEFAULT_CLOCKS[priority],
      ...this.config.priorities[priority],
      ...this.config.categories[category]?.[priority],
    };
  }

  /** Working hours a tier may hold a case, or null when the tier has no clock. */
  tierHours(tier: string): number | null {
    if (!(TIERS as readonly string[]).includes(tier)) return null;
    const configured = (this.config.tiers as Partial<Record<Tier, number | null>>)[tier as Tier];
    return configured !== undefined ? configured : DEFAULT_TIER_HOURS[tier as Tier];
  }
}
