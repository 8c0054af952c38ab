import { randomUUID } from 'node:crypto';

/** Data factories: valid by default, override what the test is about. */
export function aCaseReport(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: '小区路灯不亮',
    description: '3号楼前两盏路灯夜间不亮',
    category: 'street_light',
    channel: 'grid_worker',
    unitCode: '440106001002-G03',
    location: { lat: 23.1291, lng: 113.3612 },
    ...overrides,
  };
}

export function aCaseCreatedEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    caseId: randomUUID(),
    category: 'street_light',
    channel: 'grid_worker',
    unitCode: '440106001002',
    unitPath: ['44', '4401', '440106', '440106001', '440106001002'],
    createdAt: new Date().toISOString(),
    ...overrides,
  };
}
