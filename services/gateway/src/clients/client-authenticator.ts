import { Injectable } from '@nestjs/common';
import type { Identity } from '@yiwang/platform';
import { permissionsOf } from '@yiwang/contracts';
import type { ApiClientEntity } from './api-client.entity.js';
import { ApiClientRepository } from './api-client.repository.js';
import { ClientErrors } from './api-clients.errors.js';
import { SECRET_SHAPE, secretDigest } from './client-secrets.js';

/** Turns a client's secret or bearer token into its identity, and checks the client is still active. */
@Injectable()
export class ClientAuthenticator {
  constructor(private readonly clients: ApiClientRepository) {}

  /** The client-credentials grant: the secret must belong to that client id. */
  async bySecret(clientId: string, secret: string): Promise<ApiClientEntity> {
    if (!SECRET_SHAPE.test(secret)) throw ClientErrors.invalidClient();
    const client = await this.clients.findBySecret(secretDigest(secret));
    if (!client || client.id !== clientId) throw ClientErrors.invalidClient();
    await this.clients.touchSecret(secretDigest(secret));
    return client;
  }

  /** `X-API-Key: ywk_…` or `Authorization: ApiKey ywk_…`. */
  async byApiKey(key: string): Promise<ApiClientEntity> {
    if (!SECRET_SHAPE.test(key)) throw ClientErrors.invalidApiKey();
    const client = await this.clients.findBySecret(secretDigest(key));
    if (!client) throw ClientErrors.invalidApiKey();
    await this.clients.touchSecret(secretDigest(key));
    return client;
  }

  /** A bearer token's client must still exist and not be revoked: revocation ends its tokens at once. */
  async active(clientId: string): Promise<ApiClientEntity> {
    const client = await this.clients.findActive(clientId);
    if (!client) throw ClientErrors.revoked();
    return client;
  }
}

export function clientIdentity(client: ApiClientEntity): Identity {
  return {
    subject: client.id,
    roles: client.roles,
    permissions: permissionsOf(client.roles),
    scopePath: client.unitPath,
    department: client.departmentCode,
    kind: 'client',
  };
}
