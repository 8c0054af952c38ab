import { Injectable } from '@nestjs/common';
import { entityColumns, execute, queryRows, sql, type Row } from '@yiwang/platform';
import { DataSource } from 'typeorm';
import { SigningKeyEntity } from './signing-key.entity.js';

export type SigningKey = Pick<Row<SigningKeyEntity>, 'kid' | 'privateJwk' | 'publicJwk'>;

/** The only code that touches signing_keys. */
@Injectable()
export class SigningKeyRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get keys() {
    return entityColumns(this.dataSource, SigningKeyEntity);
  }

  /** Keys not retired, newest first. */
  current(): Promise<SigningKey[]> {
    const k = this.keys;
    return queryRows<SigningKey>(
      this.dataSource,
      sql`SELECT ${k.select(undefined, ['kid', 'privateJwk', 'publicJwk'])} FROM ${k.table}
          WHERE retired_at IS NULL ORDER BY created_at DESC, kid`,
    );
  }

  /** Stores a key; a replica that lost the race to make the first one inserts nothing. */
  async insert(key: SigningKey): Promise<void> {
    const k = this.keys;
    await execute(
      this.dataSource,
      sql`${k.insert([key], ['kid', 'privateJwk', 'publicJwk'])} ON CONFLICT DO NOTHING`,
    );
  }
}
