import { Injectable, Logger } from '@nestjs/common';
import { AuthErrors } from '../auth/auth-errors.js';
import type { RequestContext } from '../auth/decorators/request-context.decorator.js';
import type { AccessTokenClaims } from '../auth/tokens/token-claims.js';
import type { Prisma, User } from '../generated/prisma/client.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { SecurityEventType } from '../security-events/security-event-types.js';
import { SecurityEventService } from '../security-events/security-event.service.js';
import { RecoveryCodesService } from '../two-factor/recovery-codes.service.js';
import { TotpService } from '../two-factor/totp.service.js';
import { UsersService } from '../users/users.service.js';
import { AccountErrors } from './account-errors.js';
import type { RecoveryCodesDto, TwoFactorSetupDto } from './dto/account-responses.dto.js';
import type { DisableTwoFactorDto } from './dto/disable-two-factor.dto.js';

/**
 * The TOTP life cycle of an account: setup stores a pending (encrypted) secret, enable switches 2FA
 * on once a code proves the app holds that secret, disable switches it off with a code or a
 * recovery code. Codes are checked (and their time step consumed) before a transaction opens,
 * because the check writes outside it; each state change then happens in one transaction.
 */
@Injectable()
export class TwoFactorSettingsService {
  private readonly logger = new Logger('TwoFactor');

  constructor(
    private readonly prisma: PrismaService,
    private readonly users: UsersService,
    private readonly totp: TotpService,
    private readonly recoveryCodes: RecoveryCodesService,
    private readonly events: SecurityEventService,
  ) {}

  /** A new pending secret; a second call replaces the first (e.g. a QR code scanned into the wrong app). */
  async setup(caller: AccessTokenClaims): Promise<TwoFactorSetupDto> {
    const user = await this.caller(caller);
    if (user.twoFactorEnabled) throw AccountErrors.twoFactorAlreadyEnabled();
    const { secret, otpauthUrl, sealed } = this.totp.newSecret(user.email);
    // The condition keeps a concurrent enable from having its confirmed secret swapped underneath it.
    const { count } = await this.prisma.user.updateMany({
      where: { id: user.id, twoFactorEnabled: false },
      data: { totpSecretEnc: sealed, totpLastStep: null },
    });
    if (count === 0) throw AccountErrors.twoFactorAlreadyEnabled();
    return { secret, otpauthUrl };
  }

  async enable(caller: AccessTokenClaims, otp: string, client: RequestContext): Promise<RecoveryCodesDto> {
    const user = await this.caller(caller);
    if (user.twoFactorEnabled) throw AccountErrors.twoFactorAlreadyEnabled();
    if (!user.totpSecretEnc) throw AccountErrors.twoFactorSetupRequired();
    if (!(await this.totp.verifyAndConsume(user, otp))) {
      this.logger.warn({ userId: user.id, sessionId: caller.sid, ip: client.ip }, '2FA enable refused: wrong code');
      throw AccountErrors.invalidOtp();
    }
    return this.prisma.$transaction(async (tx) => {
      // Only the very secret the code was checked against may be switched on.
      const { count } = await tx.user.updateMany({
        where: { id: user.id, twoFactorEnabled: false, totpSecretEnc: user.totpSecretEnc },
        data: { twoFactorEnabled: true },
      });
      if (count === 0) throw await this.conflict(user.id, tx);
      const recoveryCodes = await this.recoveryCodes.issue(user.id, tx);
      await this.events.record(SecurityEventType.TwoFactorEnabled, this.eventOf(caller, client), tx);
      return { recoveryCodes };
    });
  }

  async disable(caller: AccessTokenClaims, dto: DisableTwoFactorDto, client: RequestContext): Promise<void> {
    const user = await this.caller(caller);
    if (!user.twoFactorEnabled) throw AccountErrors.twoFactorNotEnabled();
    if (dto.otp !== undefined && !(await this.totp.verifyAndConsume(user, dto.otp))) {
      this.logger.warn({ userId: user.id, sessionId: caller.sid, ip: client.ip }, '2FA disable refused: wrong code');
      throw AccountErrors.invalidOtp();
    }
    const viaRecoveryCode = dto.recoveryCode !== undefined;
    await this.prisma.$transaction(async (tx) => {
      // Consumed inside the transaction: a refusal below rolls it back, and the code stays usable.
      if (viaRecoveryCode && !(await this.recoveryCodes.consume(user.id, dto.recoveryCode!, tx))) {
        this.logger.warn({ userId: user.id, sessionId: caller.sid, ip: client.ip }, '2FA disable refused: wrong recovery code');
        throw AccountErrors.invalidRecoveryCode();
      }
      const { count } = await tx.user.updateMany({
        where: { id: user.id, twoFactorEnabled: true },
        data: { twoFactorEnabled: false, totpSecretEnc: null, totpLastStep: null },
      });
      if (count === 0) throw AccountErrors.twoFactorNotEnabled();
      await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
      if (viaRecoveryCode) await this.events.record(SecurityEventType.RecoveryCodeUsed, this.eventOf(caller, client), tx);
      await this.events.record(
        SecurityEventType.TwoFactorDisabled,
        { ...this.eventOf(caller, client), details: { method: viaRecoveryCode ? 'recovery_code' : 'otp' } },
        tx,
      );
    });
  }

  private async caller(caller: AccessTokenClaims): Promise<User> {
    const user = await this.users.findById(caller.sub);
    if (!user) throw AuthErrors.invalidToken();
    return user;
  }

  /** Why a conditional enable matched nothing: a concurrent enable won, or a newer setup replaced the secret. */
  private async conflict(userId: string, tx: Prisma.TransactionClient) {
    const current = await tx.user.findUnique({ where: { id: userId }, select: { twoFactorEnabled: true } });
    return current?.twoFactorEnabled ? AccountErrors.twoFactorAlreadyEnabled() : AccountErrors.twoFactorSetupRequired();
  }

  private eventOf(caller: AccessTokenClaims, client: RequestContext) {
    return { userId: caller.sub, sessionId: caller.sid, ip: client.ip, userAgent: client.userAgent };
  }
}
