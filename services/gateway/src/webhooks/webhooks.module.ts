import { Module } from '@nestjs/common';
import { WebhookDeliveryRepository } from './webhook-delivery.repository.js';
import { WebhookDeliveryWorker } from './webhook-delivery.worker.js';
import { WebhookSecrets } from './webhook-secrets.js';
import { WebhookFanoutConsumer } from './webhook-fanout.consumer.js';
import { WebhookSubscriptionRepository } from './webhook-subscription.repository.js';
import { WebhooksHttpController } from './webhooks.http.controller.js';
import { WebhooksService } from './webhooks.service.js';

@Module({
  controllers: [WebhooksHttpController],
  providers: [
    WebhooksService,
    WebhookSecrets,
    WebhookSubscriptionRepository,
    WebhookDeliveryRepository,
    WebhookFanoutConsumer,
    WebhookDeliveryWorker,
  ],
})
export class WebhooksModule {}
