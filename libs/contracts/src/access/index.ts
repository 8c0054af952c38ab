// The browser-safe entry `@yiwang/contracts/access`: permissions, roles and the case actions (no Node imports).
export * from './permissions.js';
export * from '../catalogue/case-actions.js';
