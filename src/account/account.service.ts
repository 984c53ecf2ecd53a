import { Injectable } from '@nestjs/common';
import { AuthErrors } from '../auth/auth-errors.js';
import { toPage } from '../common/pagination/page.js';
import type { PaginationQueryDto } from '../common/pagination/pagination-query.dto.js';
import { SecurityEventService } from '../security-events/security-event.service.js';
import { UsersService } from '../users/users.service.js';
import type { AccountDto, SecurityEventPageDto } from './dto/account-responses.dto.js';

/** What the account owner may read about their own account: the profile and the security event log. */
@Injectable()
export class AccountService {
  constructor(
    private readonly users: UsersService,
    private readonly events: SecurityEventService,
  ) {}

  async profile(userId: string): Promise<AccountDto> {
    const user = await this.users.findById(userId);
    // A valid token for a user that no longer exists is as good as an invalid token.
    if (!user) throw AuthErrors.invalidToken();
    return { id: user.id, email: user.email, twoFactorEnabled: user.twoFactorEnabled, createdAt: user.createdAt };
  }

  async securityEvents(userId: string, query: PaginationQueryDto): Promise<SecurityEventPageDto> {
    return toPage(await this.events.list(userId, query), query.limit);
  }
}
