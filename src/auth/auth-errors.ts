import { ApiError } from '../common/errors/api-error.js';
import { bearerChallenge } from '../common/errors/www-authenticate.js';

/** The 401s of the auth flows. Each says as little as possible; the log says why. */
export const AuthErrors = {
  /** No token at all: the bare RFC 6750 realm challenge. */
  missingToken: () => new ApiError(401, 'unauthorized', 'Authentication required', { challenge: bearerChallenge() }),

  /** A bad, expired or wrong-kind access token; deliberately the same for every failed check. */
  invalidToken: () =>
    new ApiError(401, 'invalid_token', 'The access token is invalid or expired', {
      challenge: bearerChallenge({ error: 'invalid_token', error_description: 'The access token is invalid or expired' }),
    }),

  /** Unknown email, wrong password, locked account: one answer for all of them. */
  invalidCredentials: () => new ApiError(401, 'invalid_credentials', 'Invalid email or password'),

  mfaRequired: () => new ApiError(401, 'mfa_required', 'A one-time code from your authenticator app is required'),

  invalidGrant: () =>
    new ApiError(401, 'invalid_grant', 'The refresh token is invalid, expired or revoked', {
      challenge: bearerChallenge({ error: 'invalid_token', error_description: 'The refresh token is invalid, expired or revoked' }),
    }),
};
