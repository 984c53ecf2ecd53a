import { Injectable, Logger } from '@nestjs/common';
import { DurationSampler } from '../../common/timing/duration-sampler.js';
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
  /** How long the database writes of a registered account's failure take (see the unknown-email case). */
  private readonly failureWrites = new DurationSampler();

  constructor(
    private readonly hasher: PasswordHasher,
    private readonly lockout: AccountLockoutService,
    private readonly totp: TotpService,
    private readonly events: SecurityEventService,
  ) {}

  async verify(user: User | null, password: string, otp: string | undefined, client: RequestContext): Promise<VerifiedCredentials> {
    if (!user) {
      await this.hasher.verifyDummy(password);
      // A registered account's failure also writes its counter and an event; an unknown email must leave
      // no rows, so it waits as long as such writes recently took: the two cannot be told apart by timing.
      await this.failureWrites.waitLikeRecent();
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
    const context = { userId: user.id, ip: client.ip, userAgent: client.userAgent };
    const locked = await this.failureWrites.measure(async () => {
      const lockedNow = counts ? await this.lockout.recordFailure(user.id) : false;
      await this.events.record(SecurityEventType.LoginFailed, { ...context, details: { reason } });
      if (lockedNow) await this.events.record(SecurityEventType.AccountLocked, context);
      return lockedNow;
    });
    this.logger.warn({ userId: user.id, ip: client.ip, reason, locked }, 'login failed');
    throw AuthErrors.invalidCredentials();
  }
}
