import { Injectable } from '@nestjs/common';
import { entityColumns, execute, pathWithinSql, queryOne, queryRows, sql, type Row } from '@yiwang/platform';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { ApiClientEntity, ApiClientSecretEntity } from './api-client.entity.js';

export type Client = Row<ApiClientEntity>;
export type ClientSecretSummary = Pick<Row<ApiClientSecretEntity>, (typeof SECRET_SUMMARY)[number]>;

export interface ClientWithSecrets extends Client {
  secrets: ClientSecretSummary[];
}

/** The only code that touches api_clients and api_client_secrets. */
@Injectable()
export class ApiClientRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get clients() {
    return entityColumns(this.dataSource, ApiClientEntity);
  }

  private get secrets() {
    return entityColumns(this.dataSource, ApiClientSecretEntity);
  }

  async insert(client: Omit<Client, 'createdAt' | 'revokedAt'>, secretHash: string, hint: string) {
    await this.dataSource.transaction(async (manager) => {
      await execute(
        manager,
        this.clients.insert(
          [client],
          [
            'id',
            'name',
            'roles',
            'unitCode',
            'unitPath',
            'departmentCode',
            'ratePerSecond',
            'rateBurst',
            'createdBy',
          ],
        ),
      );
      await this.insertSecret(manager, client.id, secretHash, hint);
    });
  }

  /** The client a secret belongs to, if the secret is still valid and the client not revoked. */
  async findBySecret(secretHash: string): Promise<Client | null> {
    return queryOne<Client>(
      this.dataSource,
      sql`SELECT ${this.clients.select('c')} FROM ${this.secrets.table} s
          JOIN ${this.clients.table} c ON c.id = s.client_id
          WHERE s.secret_hash = ${secretHash} AND c.revoked_at IS NULL
            AND (s.expires_at IS NULL OR s.expires_at > now())`,
    );
  }

  async touchSecret(secretHash: string): Promise<void> {
    // At most once a minute per secret: a listing shows roughly when it was last used without a write per call.
    await execute(
      this.dataSource,
      sql`UPDATE ${this.secrets.table} SET last_used_at = now()
          WHERE secret_hash = ${secretHash}
            AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
    );
  }

  async findActive(id: string): Promise<Client | null> {
    return queryOne<Client>(
      this.dataSource,
      sql`SELECT ${this.clients.select()} FROM ${this.clients.table} WHERE id = ${id} AND revoked_at IS NULL`,
    );
  }

  /** Clients in a unit subtree (null: all) and department (null: any), in id order after `after`. */
  async list(options: {
    scopePath: string | null;
    department: string | null;
    after: string | null;
    limit: number;
  }): Promise<ClientWithSecrets[]> {
    const c = this.clients;
    const where = [pathWithinSql(c.column('unitPath', 'c'), options.scopePath)];
    if (options.department !== null) where.push(sql`c.department_code = ${options.department}`);
    if (options.after !== null) where.push(sql`c.id > ${options.after}::uuid`);
    const rows = await queryRows<Client>(
      this.dataSource,
      sql`SELECT ${c.select('c')} FROM ${c.table} c WHERE ${sql.and(where)}
          ORDER BY c.id LIMIT ${options.limit}`,
    );
    return this.withSecrets(rows);
  }

  async get(id: string): Promise<ClientWithSecrets | null> {
    const rows = await queryRows<Client>(
      this.dataSource,
      sql`SELECT ${this.clients.select()} FROM ${this.clients.table} WHERE id = ${id}`,
    );
    return (await this.withSecrets(rows))[0] ?? null;
  }

  /**
   * Adds a secret; every other still-valid secret of the client expires after the grace period (or keeps
   * an earlier expiry it already had).
   */
  async rotate(clientId: string, secretHash: string, hint: string, graceSeconds: number): Promise<Date> {
    return this.dataSource.transaction(async (manager) => {
      const { until } = (await queryOne<{ until: Date }>(
        manager,
        sql`SELECT now() + make_interval(secs => ${graceSeconds}) AS until`,
      ))!;
      await execute(
        manager,
        sql`UPDATE ${this.secrets.table} SET expires_at = LEAST(COALESCE(expires_at, 'infinity'), ${until})
            WHERE client_id = ${clientId} AND (expires_at IS NULL OR expires_at > now())`,
      );
      await this.insertSecret(manager, clientId, secretHash, hint);
      return until;
    });
  }

  /** Revokes the client and ends all its secrets now. Returns false when it was already revoked. */
  async revoke(clientId: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const revoked = await execute(
        manager,
        sql`UPDATE ${this.clients.table} SET revoked_at = now() WHERE id = ${clientId} AND revoked_at IS NULL`,
      );
      await execute(
        manager,
        sql`UPDATE ${this.secrets.table} SET expires_at = now()
            WHERE client_id = ${clientId} AND (expires_at IS NULL OR expires_at > now())`,
      );
      return revoked > 0;
    });
  }

  private async insertSecret(manager: EntityManager, clientId: string, secretHash: string, hint: string) {
    await execute(
      manager,
      this.secrets.insert(
        [{ id: randomUUID(), clientId, secretHash, hint }],
        ['id', 'clientId', 'secretHash', 'hint'],
      ),
    );
  }

  private async withSecrets(clients: Client[]): Promise<ClientWithSecrets[]> {
    if (clients.length === 0) return [];
    const secrets = await queryRows<ClientSecretSummary & { clientId: string }>(
      this.dataSource,
      sql`SELECT ${this.secrets.select(undefined, [...SECRET_SUMMARY, 'clientId'])} FROM ${this.secrets.table}
          WHERE client_id = ANY(${clients.map((c) => c.id)}) ORDER BY created_at`,
    );
    return clients.map((client) => ({
      ...client,
      secrets: secrets.filter((s) => s.clientId === client.id).map(({ clientId: _clientId, ...s }) => s),
    }));
  }
}

/** What a listing shows of a secret: never its hash. */
const SECRET_SUMMARY = [
  'id',
  'hint',
  'createdAt',
  'expiresAt',
  'lastUsedAt',
] as const satisfies readonly (keyof Row<ApiClientSecretEntity>)[];
