import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/decorators/current-user.decorator.js';
import { ClientContext, type RequestContext } from '../auth/decorators/request-context.decorator.js';
import { StepUp } from '../auth/decorators/step-up.decorator.js';
import type { AccessTokenClaims } from '../auth/tokens/token-claims.js';
import { PaginationQueryDto } from '../common/pagination/pagination-query.dto.js';
import { RateLimited } from '../common/rate-limit/rate-limited.decorator.js';
import { AccountService } from './account.service.js';
import { AccountDto, SecurityEventPageDto } from './dto/account-responses.dto.js';
import { ChangePasswordDto } from './dto/change-password.dto.js';
import { PasswordChangeService } from './password-change.service.js';

@ApiTags('account')
@Controller('account')
export class AccountController {
  constructor(
    private readonly account: AccountService,
    private readonly passwords: PasswordChangeService,
  ) {}

  @Get()
  @ApiBearerAuth()
  @ApiOperation({ summary: "The caller's account" })
  @ApiOkResponse({ type: AccountDto })
  profile(@CurrentUser() caller: AccessTokenClaims): Promise<AccountDto> {
    return this.account.profile(caller.sub);
  }

  @Post('password')
  @HttpCode(204)
  @StepUp()
  @RateLimited()
  @ApiOperation({ summary: 'Change the password; every other session of the caller is signed out' })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({
    description:
      '`invalid_current_password`, `password_unchanged` (new equals current), or `validation_failed` (e.g. a too short or common new password)',
  })
  async changePassword(
    @CurrentUser() caller: AccessTokenClaims,
    @Body() dto: ChangePasswordDto,
    @ClientContext() client: RequestContext,
  ): Promise<void> {
    await this.passwords.change(caller, dto, client);
  }

  @Get('security-events')
  @ApiBearerAuth()
  @ApiOperation({ summary: "The caller's security event log, newest first" })
  @ApiOkResponse({ type: SecurityEventPageDto })
  securityEvents(@CurrentUser() caller: AccessTokenClaims, @Query() query: PaginationQueryDto): Promise<SecurityEventPageDto> {
    return this.account.securityEvents(caller.sub, query);
  }
}
