import { Injectable } from '@nestjs/common';
import { SecurityEventType } from '../../security-events/security-event-types.js';
import { SecurityEventService } from '../../security-events/security-event.service.js';
import { UsersService } from '../../users/users.service.js';
import { AuthErrors } from '../auth-errors.js';
import type { RequestContext } from '../decorators/request-context.decorator.js';
import type { LoginDto } from '../dto/login.dto.js';
import type { ReauthenticateDto } from '../dto/reauthenticate.dto.js';
import type { ReauthenticatedDto } from '../dto/auth-responses.dto.js';
import { PasswordHasher } from '../passwords/password-hasher.service.js';
import { SessionService } from '../sessions/session.service.js';
import { AccessTokenService } from '../tokens/access-token.service.js';
import type { AccessTokenClaims } from '../tokens/token-claims.js';
import { type TokenPair, toTokenPair } from '../tokens/token-pair.js';
import { CredentialsService } from './credentials.service.js';

/** Credential login (a new session) and re-authentication (fresh trust in the current session). */
@Injectable()
export class LoginService {
  constructor(
    private readonly users: UsersService,
    private readonly credentials: CredentialsService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionService,
    private readonly accessTokens: AccessTokenService,
    private readonly events: SecurityEventService,
  ) {}

  async login(dto: LoginDto, client: RequestContext): Promise<TokenPair> {
    const { user, amr } = await this.credentials.verify(await this.users.findByEmail(dto.email), dto.password, dto.otp, client);
    if (this.hasher.needsRehash(user.passwordHash)) {
      await this.users.updatePasswordHash(user.id, await this.hasher.hash(dto.password));
    }
    const session = await this.sessions.start(user.id, amr, client);
    const access = await this.accessTokens.issue({
      userId: user.id,
      sessionId: session.sessionId,
      authTime: session.authTime,
      amr,
      authType: 'credentials',
    });
    return toTokenPair(access, session.refreshToken, session.refreshExpiresIn);
  }

  async reauthenticate(caller: AccessTokenClaims, dto: ReauthenticateDto, client: RequestContext): Promise<ReauthenticatedDto> {
    const user = await this.users.findById(caller.sub);
    const { amr } = await this.credentials.verify(user, dto.password, dto.otp, client);
    const authTime = await this.sessions.renewAuthTime(caller.sid, caller.sub, amr);
    if (authTime === undefined) throw AuthErrors.invalidToken();
    await this.events.record(SecurityEventType.Reauthenticated, {
      userId: caller.sub,
      sessionId: caller.sid,
      ip: client.ip,
      userAgent: client.userAgent,
    });
    const access = await this.accessTokens.issue({ userId: caller.sub, sessionId: caller.sid, authTime, amr, authType: 'credentials' });
    return { tokenType: 'Bearer', accessToken: access.token, expiresIn: access.expiresIn, secureUntil: access.secureUntil! };
  }
}
