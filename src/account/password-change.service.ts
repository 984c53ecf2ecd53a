import { Injectable, Logger } from '@nestjs/common';
import { AuthErrors } from '../auth/auth-errors.js';
import type { RequestContext } from '../auth/decorators/request-context.decorator.js';
import { PasswordHasher } from '../auth/passwords/password-hasher.service.js';
import { SessionService } from '../auth/sessions/session.service.js';
import type { AccessTokenClaims } from '../auth/tokens/token-claims.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { SecurityEventType } from '../security-events/security-event-types.js';
import { SecurityEventService } from '../security-events/security-event.service.js';
import { UsersService } from '../users/users.service.js';
import { AccountErrors } from './account-errors.js';
import type { ChangePasswordDto } from './dto/change-password.dto.js';

/**
 * Changes the password of the caller and signs out every other session of theirs, so whoever
 * may know the old password loses access at once. The caller's own session stays.
 */
@Injectable()
export class PasswordChangeService {
  private readonly logger = new Logger('PasswordChange');

  constructor(
    private readonly prisma: PrismaService,
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionService,
    private readonly events: SecurityEventService,
  ) {}

  async change(caller: AccessTokenClaims, dto: ChangePasswordDto, client: RequestContext): Promise<void> {
    if (dto.newPassword === dto.currentPassword) throw AccountErrors.passwordUnchanged();
    const user = await this.users.findById(caller.sub);
    if (!user) throw AuthErrors.invalidToken();
    if (!(await this.hasher.verify(user.passwordHash, dto.currentPassword))) {
      this.logger.warn({ userId: user.id, sessionId: caller.sid, ip: client.ip }, 'password change refused: wrong current password');
      throw AccountErrors.invalidCurrentPassword();
    }
    const passwordHash = await this.hasher.hash(dto.newPassword);

    await this.prisma.$transaction(async (tx) => {
      // Compare-and-set on the hash just verified: of two concurrent changes only one wins,
      // and the other is refused like any change made with a password that is no longer current.
      const { count } = await tx.user.updateMany({
        where: { id: user.id, passwordHash: user.passwordHash },
        data: { passwordHash },
      });
      if (count === 0) throw AccountErrors.invalidCurrentPassword();
      const revoked = await this.sessions.revokeAll(user.id, 'password_changed', { exceptSessionId: caller.sid, tx });
      await this.events.record(
        SecurityEventType.PasswordChanged,
        { userId: user.id, sessionId: caller.sid, ip: client.ip, userAgent: client.userAgent, details: { revokedSessions: revoked } },
        tx,
      );
    });
  }
}
