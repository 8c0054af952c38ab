import { Injectable } from '@nestjs/common';
import { entityColumns, execute, queryOne, sql, type Row } from '@yiwang/platform';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { RefreshTokenEntity } from './refresh-token.entity.js';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

type TokenState = Pick<Row<RefreshTokenEntity>, 'id' | 'userId' | 'familyId' | 'usedAt' | 'revokedAt'> & {
  expired: boolean;
};

@Injectable()
export class RefreshTokenRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get tokens() {
    return entityColumns(this.dataSource, RefreshTokenEntity);
  }

  /** A new opaque token (only its hash is stored), in a new family unless one is given. */
  async issue(userId: string, ttlSeconds: number, familyId: string = randomUUID()): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const t = this.tokens;
    await execute(
      this.dataSource,
      sql`INSERT INTO ${t.table} (${t.names(['id', 'tokenHash', 'familyId', 'userId', 'expiresAt'])})
          VALUES (${randomUUID()}, ${hash(token)}, ${familyId}, ${userId},
                  now() + make_interval(secs => ${ttlSeconds}))`,
    );
    return token;
  }

  /**
   * Marks a token used and returns its user and family; a token seen before revokes its whole family
   * (someone replayed it) and returns null, as does an unknown, expired or revoked one.
   */
  async consume(token: string): Promise<{ userId: string; familyId: string } | null> {
    const t = this.tokens;
    return this.dataSource.transaction(async (manager) => {
      const row = await queryOne<TokenState>(
        manager,
        sql`SELECT ${t.select(undefined, ['id', 'userId', 'familyId', 'usedAt', 'revokedAt'])},
              expires_at < now() AS expired
            FROM ${t.table} WHERE token_hash = ${hash(token)} FOR UPDATE`,
      );
      if (!row) return null;
      if (row.usedAt || row.revokedAt) {
        await execute(
          manager,
          sql`UPDATE ${t.table} SET revoked_at = now()
              WHERE family_id = ${row.familyId} AND revoked_at IS NULL`,
        );
        return null;
      }
      if (row.expired) return null;
      await execute(manager, sql`UPDATE ${t.table} SET used_at = now() WHERE id = ${row.id}`);
      return { userId: row.userId, familyId: row.familyId };
    });
  }

  async revokeFamilyOf(token: string): Promise<void> {
    const t = this.tokens;
    await execute(
      this.dataSource,
      sql`UPDATE ${t.table} SET revoked_at = now()
          WHERE family_id = (SELECT family_id FROM ${t.table} WHERE token_hash = ${hash(token)})
            AND revoked_at IS NULL`,
    );
  }
}
