import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, SecretCipher } from '@yiwang/platform';
import type { GatewayConfig } from '../gateway.config.js';

/**
 * Signing secrets at rest: AES-256-GCM under WEBHOOK_SECRET_KEYS, bound to the subscription's id, so a
 * database dump alone cannot forge deliveries and a token moved to another row does not decrypt.
 */
@Injectable()
export class WebhookSecrets {
  private readonly cipher: SecretCipher;

  constructor(
    @Inject(CONFIG) config: Pick<GatewayConfig, 'WEBHOOK_SECRET_KEYS' | 'WEBHOOK_SECRET_ACTIVE_KEY'>,
  ) {
    this.cipher = webhookSecretCipher(config);
  }

  seal(subscriptionId: string, secret: string): string {
    return this.cipher.encrypt(secret, secretContext(subscriptionId));
  }

  open(subscriptionId: string, token: string): string {
    return this.cipher.decrypt(token, secretContext(subscriptionId));
  }
}

export function webhookSecretCipher(
  config: Pick<GatewayConfig, 'WEBHOOK_SECRET_KEYS' | 'WEBHOOK_SECRET_ACTIVE_KEY'>,
): SecretCipher {
  return SecretCipher.fromConfig(config.WEBHOOK_SECRET_KEYS, config.WEBHOOK_SECRET_ACTIVE_KEY);
}

export function secretContext(subscriptionId: string): string {
  return `webhook-secret:${subscriptionId}`;
}
