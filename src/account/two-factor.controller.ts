import { Body, Controller, Header, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser } from '../auth/decorators/current-user.decorator.js';
import { ClientContext, type RequestContext } from '../auth/decorators/request-context.decorator.js';
import { StepUp } from '../auth/decorators/step-up.decorator.js';
import type { AccessTokenClaims } from '../auth/tokens/token-claims.js';
import { RateLimited } from '../common/rate-limit/rate-limited.decorator.js';
import { RecoveryCodesDto, TwoFactorSetupDto } from './dto/account-responses.dto.js';
import { DisableTwoFactorDto } from './dto/disable-two-factor.dto.js';
import { EnableTwoFactorDto } from './dto/enable-two-factor.dto.js';
import { TwoFactorSettingsService } from './two-factor-settings.service.js';

/** Turning 2FA on or off needs a password check at most 5 minutes old, whatever the step-up window. */
const TWO_FACTOR_MAX_AGE = 300;

// Every route here is @StepUp(), which documents the bearer scheme itself.
@ApiTags('account')
@Controller('account/2fa')
export class TwoFactorController {
  constructor(private readonly twoFactor: TwoFactorSettingsService) {}

  @Post('setup')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @StepUp({ maxAge: TWO_FACTOR_MAX_AGE })
  @ApiOperation({ summary: 'Start 2FA: a new TOTP secret, pending until confirmed by POST /account/2fa/enable' })
  @ApiOkResponse({ type: TwoFactorSetupDto })
  @ApiConflictResponse({ description: '`two_factor_already_enabled`' })
  setup(@CurrentUser() caller: AccessTokenClaims): Promise<TwoFactorSetupDto> {
    return this.twoFactor.setup(caller);
  }

  @Post('enable')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @StepUp({ maxAge: TWO_FACTOR_MAX_AGE })
  @RateLimited()
  @ApiOperation({ summary: 'Confirm the pending secret with a code; 2FA is on and ten recovery codes are shown once' })
  @ApiOkResponse({ type: RecoveryCodesDto })
  @ApiBadRequestResponse({ description: '`invalid_otp`' })
  @ApiConflictResponse({ description: '`two_factor_setup_required` (no pending secret) or `two_factor_already_enabled`' })
  enable(
    @CurrentUser() caller: AccessTokenClaims,
    @Body() dto: EnableTwoFactorDto,
    @ClientContext() client: RequestContext,
  ): Promise<RecoveryCodesDto> {
    return this.twoFactor.enable(caller, dto.otp, client);
  }

  @Post('disable')
  @HttpCode(204)
  @StepUp({ maxAge: TWO_FACTOR_MAX_AGE })
  @RateLimited()
  @ApiOperation({ summary: 'Turn 2FA off with a current code or one unused recovery code' })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ description: '`invalid_otp`, `invalid_recovery_code`, or `validation_failed` (none or both of the codes)' })
  @ApiConflictResponse({ description: '`two_factor_not_enabled`' })
  async disable(
    @CurrentUser() caller: AccessTokenClaims,
    @Body() dto: DisableTwoFactorDto,
    @ClientContext() client: RequestContext,
  ): Promise<void> {
    await this.twoFactor.disable(caller, dto, client);
  }
}
