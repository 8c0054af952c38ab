import { Injectable } from '@nestjs/common';
import { pathWithinSql, queryRows, sql } from '@yiwang/platform';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ApiClientEntity } from './api-client.entity.js';

export interface ClientSecretSummary {
  id: string;
  hint: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
}

export interface ClientWithSecrets extends ApiClientEntity {
  secrets: ClientSecretSummary[];
}

const CLIENT_COLUMNS = `c.id, c.name, c.roles, c.unit_code AS "unitCode", c.unit_path AS "unitPath", c.department_code AS "departmentCode",
  c.rate_per_second AS "ratePerSecond", c.rate_burst AS "rateBurst", c.created_by AS "createdBy",
  c.created_at AS "createdAt", c.revoked_at AS "revokedAt"`;

/** The only code that touches api_clients and api_client_secrets. */
@Injectable()
export class ApiClientRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(client: Omit<ApiClientEntity, 'createdAt' | 'revokedAt'>, secretHash: string, hint: string) {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO api_clients
           (id, name, roles, unit_code, unit_path, department_code, rate_per_second, rate_burst, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          client.id,
          client.name,
          client.roles,
          client.unitCode,
          client.unitPath,
          client.departmentCode,
          client.ratePerSecond,
          client.rateBurst,
          client.createdBy,
        ],
      );
      await manager.query(
        `INSERT INTO api_client_secrets (id, client_id, secret_hash, hint) VALUES ($1, $2, $3, $4)`,
        [randomUUID(), client.id, secretHash, hint],
      );
    });
  }

  /** The client a secret belongs to, if the secret is still valid and the client not revoked. */
  async findBySecret(secretHash: string): Promise<ApiClientEntity | null> {
    const rows: ApiClientEntity[] = await this.dataSource.query(
      `SELECT ${CLIENT_COLUMNS} FROM api_client_secrets s JOIN api_clients c ON c.id = s.client_id
       WHERE s.secret_hash = $1 AND c.revoked_at IS NULL AND (s.expires_at IS NULL OR s.expires_at > now())`,
      [secretHash],
    );
    return rows[0] ?? null;
  }

  async touchSecret(secretHash: string): Promise<void> {
    // At most once a minute per secret: a listing shows roughly when it was last used without a write per call.
    await this.dataSource.query(
      `UPDATE api_client_secrets SET last_used_at = now()
       WHERE secret_hash = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [secretHash],
    );
  }

  async findActive(id: string): Promise<ApiClientEntity | null> {
    const rows: ApiClientEntity[] = await this.dataSource.query(
      `SELECT ${CLIENT_COLUMNS} FROM api_clients c WHERE c.id = $1 AND c.revoked_at IS NULL`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Clients in a unit subtree (null: all) and department (null: any), in id order after `after`. */
  async list(options: {
    scopePath: string | null;
    department: string | null;
    after: string | null;
    limit: number;
  }): Promise<ClientWithSecrets[]> {
    const rows = await queryRows<ApiClientEntity>(
      this.dataSource,
      sql`SELECT ${sql.raw(CLIENT_COLUMNS)} FROM api_clients c
          WHERE (${options.department}::varchar IS NULL OR c.department_code = ${options.department})
            AND (${options.after}::uuid IS NULL OR c.id > ${options.after})
            AND ${pathWithinSql('c.unit_path', options.scopePath)}
          ORDER BY c.id LIMIT ${options.limit}`,
    );
    return this.withSecrets(rows);
  }

  async get(id: string): Promise<ClientWithSecrets | null> {
    const rows: ApiClientEntity[] = await this.dataSource.query(
      `SELECT ${CLIENT_COLUMNS} FROM api_clients c WHERE c.id = $1`,
      [id],
    );
    return (await this.withSecrets(rows))[0] ?? null;
  }

  /**
   * Adds a secret; every other still-valid secret of the client expires after the grace period (or keeps
   * an earlier expiry it already had).
   */
  async rotate(clientId: string, secretHash: string, hint: string, graceSeconds: number): Promise<Date> {
    return this.dataSource.transaction(async (manager) => {
      const [{ until }] = await manager.query(`SELECT now() + make_interval(secs => $1) AS until`, [
        graceSeconds,
      ]);
      await manager.query(
        `UPDATE api_client_secrets SET expires_at = LEAST(COALESCE(expires_at, 'infinity'), $2)
         WHERE client_id = $1 AND (expires_at IS NULL OR expires_at > now())`,
        [clientId, until],
      );
      await manager.query(
        `INSERT INTO api_client_secrets (id, client_id, secret_hash, hint) VALUES ($1, $2, $3, $4)`,
        [randomUUID(), clientId, secretHash, hint],
      );
      return until as Date;
    });
  }

  /** Revokes the client and ends all its secrets now. Returns false when it was already revoked. */
  async revoke(clientId: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager.query(
        `WITH r AS (UPDATE api_clients SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id)
         SELECT id FROM r`,
        [clientId],
      );
      await manager.query(
        `UPDATE api_client_secrets SET expires_at = now()
         WHERE client_id = $1 AND (expires_at IS NULL OR expires_at > now())`,
        [clientId],
      );
      return rows.length > 0;
    });
  }

  private async withSecrets(clients: ApiClientEntity[]): Promise<ClientWithSecrets[]> {
    if (clients.length === 0) return [];
    const secrets: (ClientSecretSummary & { clientId: string })[] = await this.dataSource.query(
      `SELECT id, client_id AS "clientId", hint, created_at AS "createdAt", expires_at AS "expiresAt",
              last_used_at AS "lastUsedAt"
       FROM api_client_secrets WHERE client_id = ANY($1) ORDER BY created_at`,
      [clients.map((c) => c.id)],
    );
    return clients.map((client) => ({
      ...client,
      secrets: secrets.filter((s) => s.clientId === client.id).map(({ clientId: _clientId, ...s }) => s),
    }));
  }
}
