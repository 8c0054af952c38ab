import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  createDataSource,
  DomainError,
  Ledger,
  LedgerTables1796292000000,
  PlatformOutboxInbox1763769600000,
  runMigrations,
  type LedgerAccount,
  type LedgerAccountKind,
} from '@yiwang/platform';
import { testDatabaseUrl } from '@yiwang/testing';

/** A schema of its own per test file with the ledger migrated into it, as a service would have it. */
export async function ledgerSchema(
  label: string,
  poolSize = 8,
): Promise<{ dataSource: DataSource; schema: string; ledger: Ledger }> {
  const schema = `${label}_${randomUUID().slice(0, 8)}`;
  const dataSource = createDataSource({
    url: testDatabaseUrl(),
    schema,
    entities: [],
    migrations: [PlatformOutboxInbox1763769600000, LedgerTables1796292000000],
    poolSize,
  });
  await dataSource.initialize();
  await runMigrations(dataSource, schema);
  return { dataSource, schema, ledger: new Ledger({ schema }) };
}

export async function dropSchema(dataSource: DataSource | undefined, schema: string): Promise<void> {
  if (!dataSource) return;
  await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
  await dataSource.destroy();
}

export const tx = <T>(dataSource: DataSource, work: (m: EntityManager) => Promise<T>): Promise<T> =>
  dataSource.transaction(work);

/** The coded refusal a promise rejects with (fails the test when it resolves or throws something else). */
export async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, the call succeeded');
}

export async function open(
  ledger: Ledger,
  dataSource: DataSource,
  code: string,
  kind: LedgerAccountKind,
  options: { asset?: string; allowNegative?: boolean; unitPath?: string } = {},
): Promise<LedgerAccount> {
  return ledger.openAccount(dataSource.manager, {
    code,
    name: code,
    kind,
    asset: options.asset ?? 'CNY_FEN',
    allowNegative: options.allowNegative,
    unitPath: options.unitPath,
  });
}

/** A date `days` before today in the ledger's calendar (Asia/Shanghai). */
export function daysAgo(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

export const id = (): string => randomUUID();
