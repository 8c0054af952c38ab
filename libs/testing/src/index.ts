export * from './environment.js';
export * from './ports.js';
export * from './service-process.js';
export * from './nats-server-process.js';
export * from './postgres-server-process.js';
export * from './factories.js';
export * from './database.js';
export * from './start-lock.js';
