import { ApiError } from '../common/errors/api-error.js';

/** The answers of the account routes that clients branch on (beyond validation errors and step-up 401s). */
export const AccountErrors = {
  invalidCurrentPassword: () => new ApiError(400, 'invalid_current_password', 'The current password is wrong'),

  passwordUnchanged: () => new ApiError(400, 'password_unchanged', 'The new password must differ from the current one'),

  invalidOtp: () => new ApiError(400, 'invalid_otp', 'The one-time code is wrong, expired or already used'),

  invalidRecoveryCode: () => new ApiError(400, 'invalid_recovery_code', 'The recovery code is wrong or already used'),

  twoFactorAlreadyEnabled: () => new ApiError(409, 'two_factor_already_enabled', 'Two-factor authentication is already on'),

  twoFactorNotEnabled: () => new ApiError(409, 'two_factor_not_enabled', 'Two-factor authentication is not on'),

  /** Enable without a pending secret, or the pending secret was replaced by a newer setup meanwhile. */
  twoFactorSetupRequired: () =>
    new ApiError(409, 'two_factor_setup_required', 'Start with POST /account/2fa/setup; no pending secret to confirm'),
};
