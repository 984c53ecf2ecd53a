/** Every kind of row in the security event log. */
export const SecurityEventType = {
  LoginSucceeded: 'login_succeeded',
  LoginFailed: 'login_failed',
  AccountLocked: 'account_locked',
  RefreshTokenReuseDetected: 'refresh_token_reuse_detected',
  SessionRevoked: 'session_revoked',
  AllSessionsRevoked: 'all_sessions_revoked',
  Reauthenticated: 'reauthenticated',
  PasswordChanged: 'password_changed',
  TwoFactorEnabled: 'two_factor_enabled',
  TwoFactorDisabled: 'two_factor_disabled',
  RecoveryCodeUsed: 'recovery_code_used',
  StepUpDenied: 'step_up_denied',
} as const;

export type SecurityEventType = (typeof SecurityEventType)[keyof typeof SecurityEventType];
