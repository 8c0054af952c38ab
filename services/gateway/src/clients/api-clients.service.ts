import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CONFIG, pathWithin, scopeOf, type Identity } from '@yiwang/platform';
import type { GatewayConfig } from '../gateway.config.js';
import { pathOfUnit } from '../events/event-scope.js';
import { ApiClientRepository, type ClientWithSecrets } from './api-client.repository.js';
import { ClientErrors } from './api-clients.errors.js';
import { newClientSecret, secretDigest, secretHint } from './client-secrets.js';

/** The only role an API client gets: what a departmental system does with cases and webhooks. */
export const CLIENT_ROLE = 'department_system';

export interface NewClient {
  name: string;
  unitCode: string;
  departmentCode: string;
  ratePerSecond?: number;
  rateBurst?: number;
}

export interface ClientView {
  id: string;
  name: string;
  roles: string[];
  unitCode: string;
  departmentCode: string;
  rateLimit: { perSecond: number; burst: number };
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
  secrets: { id: string; hint: string; createdAt: Date; expiresAt: Date | null; lastUsedAt: Date | null }[];
}

/** Creating, listing, rotating and revoking API clients, always inside the acting admin's scope. */
@Injectable()
export class ApiClientsService {
  constructor(
    private readonly clients: ApiClientRepository,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** Returns the client and its secret: the only time the secret is shown. */
  async create(actor: Identity, input: NewClient): Promise<{ client: ClientView; secret: string }> {
    let unitPath: string;
    try {
      unitPath = pathOfUnit(input.unitCode);
    } catch {
      throw ClientErrors.invalid('body.unitCode', 'must be a division or grid code');
    }
    this.assertInScope(actor, unitPath, input.departmentCode);
    const secret = newClientSecret();
    const id = randomUUID();
    await this.clients.insert(
      {
        id,
        name: input.name,
        roles: [CLIENT_ROLE],
        unitCode: input.unitCode,
        unitPath,
        departmentCode: input.departmentCode,
        ratePerSecond: input.ratePerSecond ?? this.config.CLIENT_RATE_PER_SECOND,
        rateBurst: input.rateBurst ?? this.config.CLIENT_RATE_BURST,
        createdBy: actor.subject,
      },
      secretDigest(secret),
      secretHint(secret),
    );
    return { client: await this.get(actor, id), secret };
  }

  async list(actor: Identity, after: string | null, limit: number): Promise<ClientView[]> {
    const rows = await this.clients.list({
      scopePath: scopeOf(actor),
      department: actor.department,
      after,
      limit,
    });
    return rows.map(view);
  }

  async get(actor: Identity, id: string): Promise<ClientView> {
    const client = await this.clients.get(id);
    if (!client || !this.sees(actor, client)) throw ClientErrors.notFound(id);
    return view(client);
  }

  /** A new secret; the old ones stay valid for the grace period (0 ends them now). */
  async rotate(
    actor: Identity,
    id: string,
    graceSeconds = this.config.CLIENT_ROTATION_GRACE_SECONDS,
  ): Promise<{ client: ClientView; secret: string; previousSecretsExpireAt: Date }> {
    const client = await this.get(actor, id);
    if (client.revokedAt) throw ClientErrors.revoked();
    const secret = newClientSecret();
    const until = await this.clients.rotate(id, secretDigest(secret), secretHint(secret), graceSeconds);
    return { client: await this.get(actor, id), secret, previousSecretsExpireAt: until };
  }

  async revoke(actor: Identity, id: string): Promise<ClientView> {
    await this.get(actor, id);
    await this.clients.revoke(id);
    return this.get(actor, id);
  }

  private sees(actor: Identity, client: ClientWithSecrets): boolean {
    return (
      pathWithin(client.unitPath, scopeOf(actor)) &&
      (actor.department === null || actor.department === client.departmentCode)
    );
  }

  private assertInScope(actor: Identity, unitPath: string, departmentCode: string): void {
    if (!pathWithin(unitPath, scopeOf(actor)))
      throw ClientErrors.outOfScope('body.unitCode', 'outside your unit subtree');
    if (actor.department !== null && actor.department !== departmentCode)
      throw ClientErrors.outOfScope('body.departmentCode', 'not your department');
  }
}

function view(client: ClientWithSecrets): ClientView {
  return {
    id: client.id,
    name: client.name,
    roles: client.roles,
    unitCode: client.unitCode,
    departmentCode: client.departmentCode,
    rateLimit: { perSecond: client.ratePerSecond, burst: client.rateBurst },
    createdBy: client.createdBy,
    createdAt: client.createdAt,
    revokedAt: client.revokedAt,
    secrets: client.secrets,
  };
}
