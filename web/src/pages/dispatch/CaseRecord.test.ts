// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { lifecycleStep } from './CaseRecord';

describe('lifecycleStep', () => {
  it('places every state on the main road, side states on the step they hold', () => {
    expect(lifecycleStep('reported')).toEqual({ current: 0, status: 'process' });
    expect(lifecycleStep('dispatched')).toEqual({ current: 2, status: 'process' });
    expect(lifecycleStep('returned')).toEqual({ current: 2, status: 'error' });
    expect(lifecycleStep('suspended')).toEqual({ current: 4, status: 'wait' });
    expect(lifecycleStep('closed')).toEqual({ current: 7, status: 'finish' });
  });
});
