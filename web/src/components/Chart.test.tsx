import { describe, expect, it } from 'vitest';
import ReactEChartsCore from 'echarts-for-react/esm/core';

describe('chart', () => {
  it('imports the chart component itself, not a CommonJS wrapper object (React error #130)', () => {
    expect(typeof ReactEChartsCore).toBe('function');
  });
});
