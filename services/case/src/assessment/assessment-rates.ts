import type { AssessmentConfig } from './assessment-config.js';
import type { Counts } from './assessment-fold.js';

export interface Rates {
  /** Accepted within the sign-off deadline / dispatched. */
  response: number | null;
  /** Resolved / dispatched and due (resolved, or past the completion deadline). */
  resolution: number | null;
  /** (satisfied + w × basically satisfied) / rated; w = basicallySatisfiedWeight (1 by default). */
  satisfaction: number | null;
  /** Resolved by the completion deadline / resolved. */
  onTime: number | null;
  /** 0..100: weighted mean of response, resolution and satisfaction over the rates that are defined. */
  score: number | null;
}

const ratio = (numerator: number, denominator: number) => (denominator > 0 ? numerator / denominator : null);

export function computeRates(counts: Counts, config: AssessmentConfig): Rates {
  const response = ratio(counts.acceptedOnTime, counts.dispatched);
  const resolution = ratio(counts.resolved, counts.due);
  const satisfaction = ratio(
    counts.satisfied + config.basicallySatisfiedWeight * counts.basicallySatisfied,
    counts.rated,
  );
  const onTime = ratio(counts.resolvedOnTime, counts.resolved);
  const parts: Array<[number | null, number]> = [
    [response, config.weights.response],
    [resolution, config.weights.resolution],
    [satisfaction, config.weights.satisfaction],
  ];
  const defined = parts.filter(([rate, weight]) => rate !== null && weight > 0) as Array<[number, number]>;
  const weightSum = defined.reduce((sum, [, weight]) => sum + weight, 0);
  const score =
    weightSum > 0
      ? (100 * defined.reduce((sum, [rate, weight]) => sum + rate * weight, 0)) / weightSum
      : null;
  return { response, resolution, satisfaction, onTime, score };
}
