import { DomainError } from '@yiwang/platform';

export const ClientErrors = {
  /** OAuth2 `invalid_client`: unknown client, wrong or expired secret, revoked client. */
  invalidClient: () =>
    new DomainError('unauthenticated', 'auth.invalid_client', 'The client id or secret is wrong'),
  invalidApiKey: () =>
    new DomainError('unauthenticated', 'auth.api_key_invalid', 'The API key is unknown, expired or revoked'),
  revoked: () => new DomainError('unauthenticated', 'auth.client_revoked', 'This API client was revoked'),
  notFound: (id: string) => DomainError.notFound('clients.not_found', `No API client ${id} in your scope`),
  outOfScope: (field: string, message: string) =>
    new DomainError('forbidden', 'clients.out_of_scope', 'The client would reach beyond your own scope', [
      { field, message },
    ]),
  invalid: (field: string, message: string) =>
    DomainError.invalid('clients.invalid', 'The client is not valid', [{ field, message }]),
  rateLimited: (retryAfter: number) =>
    new DomainError(
      'too_many_requests',
      'rate_limit.exceeded',
      `Rate limit exceeded; retry in ${retryAfter} s`,
      [{ field: 'retryAfter', message: String(retryAfter) }],
    ),
};
