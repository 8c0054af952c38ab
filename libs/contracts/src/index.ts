export * from './subjects/define-subject.js';
export * from './subjects/common.schemas.js';
export * from './subjects/case.subjects.js';
export * from './subjects/registry.js';
export * from './subjects/validate.js';
export * from './subjects/unit-path.js';
export * from './grpc/proto-path.js';
export * as caseV1 from './generated/yiwang/case/v1/case.js';
export * as gridV1 from './generated/yiwang/grid/v1/grid.js';
