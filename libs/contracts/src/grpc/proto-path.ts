import { fileURLToPath } from 'node:url';
import { serviceDeclaration } from '../catalogue/services.js';

/** Root of the .proto tree; the same relative place from src/ (tests) and dist/ (runtime). */
export const PROTO_ROOT = fileURLToPath(new URL('../../proto/', import.meta.url));

// Both from the service catalogue (catalogue/services.ts), kept under these names for their many callers.
export const protoFiles = {
  case: serviceDeclaration('case').grpc.protoFiles,
  grid: serviceDeclaration('grid').grpc.protoFiles,
} as const;

export const grpcPackages = {
  case: serviceDeclaration('case').grpc.package,
  grid: serviceDeclaration('grid').grpc.package,
} as const;
