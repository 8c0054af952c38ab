import { DomainError } from '@yiwang/platform';

export const AuthErrors = {
  /** Same answer for an unknown user and a wrong password: user names are not disclosed. */
  invalidCredentials: () =>
    new DomainError('unauthenticated', 'auth.invalid_credentials', 'The user name or password is wrong'),
  locked: (seconds: number) =>
    new DomainError('too_many_requests', 'auth.locked', `Too many failed logins; try again in ${seconds} s`, [
      { field: 'retryAfter', message: String(seconds) },
    ]),
  missingToken: () =>
    new DomainError('unauthenticated', 'auth.token_missing', 'This endpoint needs a bearer access token'),
  invalidToken: (reason: string) =>
    new DomainError('unauthenticated', 'auth.token_invalid', `The access token was refused: ${reason}`),
  invalidRefreshToken: () =>
    new DomainError(
      'unauthenticated',
      'auth.refresh_invalid',
      'The refresh token is unknown, used or expired',
    ),
  forbidden: (permission: string) =>
    new DomainError('forbidden', 'auth.forbidden', `This needs the permission ${permission}`),
  userExists: (username: string) =>
    DomainError.conflict('auth.user_exists', `A user named ${username} already exists`),
};
