import { z } from 'zod';

/**
 * `CASE_ASSESSMENT` (JSON). The composite score is 100 × the weighted mean of the response, resolution and
 * satisfaction rates (default 30 / 35 / 35); a rate without a denominator in the period is left out and
 * the other weights renormalised. "Basically satisfied" counts as satisfied with weight
 * `basicallySatisfiedWeight` (1 by default, the usual 满意率 = (满意 + 基本满意) / 参评; 0.5 or 0.8 are
 * common stricter choices).
 */
export const assessmentConfigSchema = z
  .object({
    weights: z
      .object({
        response: z.number().min(0).default(30),
        resolution: z.number().min(0).default(35),
        satisfaction: z.number().min(0).default(35),
      })
      .strict()
      .default({ response: 30, resolution: 35, satisfaction: 35 })
      .refine((w) => w.response + w.resolution + w.satisfaction > 0, 'weights must not all be zero'),
    basicallySatisfiedWeight: z.number().min(0).max(1).default(1),
  })
  .strict();

export type AssessmentConfig = z.infer<typeof assessmentConfigSchema>;
