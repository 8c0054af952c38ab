import { AuditChainHeadEntity, AuditLogEntity } from '../audit/audit-log.entity.js';
import { LoginThrottleEntity } from '../auth/login-throttle.entity.js';
import { RefreshTokenEntity } from '../auth/refresh-token.entity.js';
import { SigningKeyEntity } from '../auth/signing-key.entity.js';
import { UserEntity } from '../auth/user.entity.js';
import { IdempotencyKeyEntity } from '../http/idempotency-key.entity.js';
import {
  ApiClientEntity,
  ApiClientSecretEntity,
  RateLimitBucketEntity,
} from '../clients/api-client.entity.js';
import {
  WebhookAttemptEntity,
  WebhookDeliveryEntity,
  WebhookSubscriptionEntity,
} from '../webhooks/webhook.entity.js';

export const gatewayEntities = [
  UserEntity,
  RefreshTokenEntity,
  SigningKeyEntity,
  LoginThrottleEntity,
  AuditLogEntity,
  AuditChainHeadEntity,
  IdempotencyKeyEntity,
  ApiClientEntity,
  ApiClientSecretEntity,
  RateLimitBucketEntity,
  WebhookSubscriptionEntity,
  WebhookDeliveryEntity,
  WebhookAttemptEntity,
];
