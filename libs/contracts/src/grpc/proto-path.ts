import { fileURLToPath } from 'node:url';

/** Root of the .proto tree; the same relative place from src/ (tests) and dist/ (runtime). */
export const PROTO_ROOT = fileURLToPath(new URL('../../proto/', import.meta.url));

export const protoFiles = {
  case: [
    'yiwang/case/v1/case.proto',
    'yiwang/case/v1/assessment.proto',
    'yiwang/case/v1/attachments.proto',
    'yiwang/case/v1/calendar.proto',
    'yiwang/case/v1/responsibility.proto',
  ],
  grid: [
    'yiwang/grid/v1/grid.proto',
    'yiwang/grid/v1/units.proto',
    'yiwang/grid/v1/location.proto',
    'yiwang/grid/v1/people.proto',
    'yiwang/grid/v1/imports.proto',
    'yiwang/grid/v1/sites.proto',
  ],
} as const;

export const grpcPackages = {
  case: 'yiwang.case.v1',
  grid: 'yiwang.grid.v1',
} as const;
