import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

@Injectable()
export class RefreshTokenRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A new opaque token (only its hash is stored), in a new family unless one is given. */
  async issue(userId: string, ttlSeconds: number, familyId: string = randomUUID()): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.dataSource.query(
      `INSERT INTO refresh_tokens (id, token_hash, family_id, user_id, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))`,
      [randomUUID(), hash(token), familyId, userId, ttlSeconds],
    );
    return token;
  }

  /**
   * Marks a token used and returns its user and family; a token seen before revokes its whole family
   * (someone replayed it) and returns null, as does an unknown, expired or revoked one.
   */
  async consume(token: string): Promise<{ userId: string; familyId: string } | null> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query(
        `SELECT id, user_id, family_id, used_at, revoked_at, expires_at < now() AS expired
         FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE`,
        [hash(token)],
      );
      if (!row) return null;
      if (row.used_at || row.revoked_at) {
        await manager.query(
          `UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`,
          [row.family_id],
        );
        return null;
      }
      if (row.expired) return null;
      await manager.query(`UPDATE refresh_tokens SET used_at = now() WHERE id = $1`, [row.id]);
      return { userId: row.user_id, familyId: row.family_id };
    });
  }

  async revokeFamilyOf(token: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE refresh_tokens SET revoked_at = now()
       WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1) AND revoked_at IS NULL`,
      [hash(token)],
    );
  }
}
