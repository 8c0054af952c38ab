export * from './ledger.js';
export * from './ledger-types.js';
export * from './ledger-tables.migration.js';
export { ledgerErrors, type LedgerDb } from './ledger-support.js';
export type { VerifyOptions } from './ledger-verify.js';
export type { JournalPage, JournalQuery } from './ledger-journal.js';
