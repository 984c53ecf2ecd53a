import { Injectable, Logger } from '@nestjs/common';
import type { User } from '../../generated/prisma/client.js';
import { SecurityEventType } from '../../security-events/security-event-types.js';
import { SecurityEventService } from '../../security-events/security-event.service.js';
import { TotpService } from '../../two-factor/totp.service.js';
import { AuthErrors } from '../auth-errors.js';
import type { RequestContext } from '../decorators/request-context.decorator.js';
import { PasswordHasher } from '../passwords/password-hasher.service.js';
import { AccountLockoutService } from './account-lockout.service.js';

export interface VerifiedCredentials {
  user: User;
  amr: string[];
}

/**
 * The one place that decides whether a password (and a TOTP code when 2FA is on) is good enough.
 * Login and re-authentication both go through it, so they share timing, lockout and logging.
 * Every failure is the same `invalid_credentials`; the reason goes to the log and the event table.
 */
@Injectable()
export class CredentialsService {
  private readonly logger = new Logger('Credentials');

  constructor(
    private readonly hasher: PasswordHasher,
    private readonly lockout: AccountLockoutService,
    private readonly totp: TotpService,
    private readonly events: SecurityEventService,
  ) {}

  async verify(user: User | null, password: string, otp: string | undefined, client: RequestContext): Promise<VerifiedCredentials> {
    if (!user) {
      await this.hasher.verifyDummy(password);
      this.logger.warn({ ip: client.ip, reason: 'unknown_email' }, 'login failed');
      throw AuthErrors.invalidCredentials();
    }
    if (this.lockout.isLocked(user)) {
      await this.hasher.verifyDummy(password);
      await this.fail(user, client, 'locked', false);
    }
    if (!(await this.hasher.verify(user.passwordHash, password))) {
      await this.fail(user, client, 'wrong_password');
    }
    const amr = ['pwd'];
    if (user.twoFactorEnabled) {
      if (!otp) throw AuthErrors.mfaRequired();
      if (!(await this.totp.verifyAndConsume(user, otp))) await this.fail(user, client, 'wrong_otp');
      amr.push('otp');
    }
    await this.lockout.reset(user);
    return { user, amr };
  }

  private async fail(user: User, client: RequestContext, reason: string, counts = true): Promise<never> {
    const locked = counts ? await this.lockout.recordFailure(user.id) : false;
    const context = { userId: user.id, ip: client.ip, userAgent: client.userAgent };
    await this.events.record(SecurityEventType.LoginFailed, { ...context, details: { reason } });
    if (locked) await this.events.record(SecurityEventType.AccountLocked, context);
    this.logger.warn({ userId: user.id, ip: client.ip, reason, locked }, 'login failed');
    throw AuthErrors.invalidCredentials();
  }
}
