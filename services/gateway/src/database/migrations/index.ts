import { PlatformOutboxInbox1763769600000 } from '@yiwang/platform';
import { CreateIdentity1795312790605 } from './1795312790605-create-identity.js';
import { AuditAndIdempotency1795320539534 } from './1795320539534-audit-and-idempotency.js';
import { DepartmentalIntegration1795320922627 } from './1795320922627-departmental-integration.js';
import { WebhookSecretsEncrypted1796321753723 } from './1796321753723-webhook-secrets-encrypted.js';

/** In order. Never edit a migration once it is on main: add a new one. */
export const gatewayMigrations = [
  PlatformOutboxInbox1763769600000,
  CreateIdentity1795312790605,
  AuditAndIdempotency1795320539534,
  DepartmentalIntegration1795320922627,
  WebhookSecretsEncrypted1796321753723,
];
