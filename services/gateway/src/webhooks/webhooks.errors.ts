import { DomainError } from '@yiwang/platform';

export const WebhookErrors = {
  notFound: (id: string) =>
    DomainError.notFound('webhooks.not_found', `No webhook subscription ${id} of yours`),
  deliveryNotFound: (id: string) =>
    DomainError.notFound('webhooks.delivery_not_found', `No delivery ${id} in this subscription`),
  invalid: (field: string, message: string) =>
    DomainError.invalid('webhooks.invalid', 'The subscription is not valid', [{ field, message }]),
  outOfScope: (field: string, message: string) =>
    new DomainError('forbidden', 'webhooks.out_of_scope', 'The filter reaches beyond your own scope', [
      { field, message },
    ]),
  notReplayable: (status: string) =>
    DomainError.conflict('webhooks.not_replayable', `A ${status} delivery is still being worked on`),
};
