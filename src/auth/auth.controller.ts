import { Body, Controller, Header, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { RateLimited } from '../common/rate-limit/rate-limited.decorator.js';
import { ClientContext, type RequestContext } from './decorators/request-context.decorator.js';
import { CurrentUser } from './decorators/current-user.decorator.js';
import { Public } from './decorators/public.decorator.js';
import { PresentedRefresh } from './decorators/presented-refresh.decorator.js';
import { LoginDto } from './dto/login.dto.js';
import { ReauthenticateDto } from './dto/reauthenticate.dto.js';
import { RefreshTokenDto } from './dto/refresh-token.dto.js';
import { RegisterDto } from './dto/register.dto.js';
import { ReauthenticatedDto, RegisteredUserDto } from './dto/auth-responses.dto.js';
import { JwtRefreshGuard } from './guards/jwt-refresh.guard.js';
import { LoginService } from './login/login.service.js';
import { LogoutService } from './sessions/logout.service.js';
import { RefreshRotationService } from './sessions/refresh-rotation.service.js';
import type { PresentedRefreshToken } from './strategies/jwt-refresh.strategy.js';
import { RegistrationService } from './registration/registration.service.js';
import type { AccessTokenClaims } from './tokens/token-claims.js';
import { TokenPair } from './tokens/token-pair.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly registration: RegistrationService,
    private readonly login: LoginService,
    private readonly rotation: RefreshRotationService,
    private readonly logouts: LogoutService,
  ) {}

  @Public()
  @RateLimited()
  @Post('register')
  @ApiOperation({ summary: 'Create an account' })
  @ApiCreatedResponse({ type: RegisteredUserDto })
  register(@Body() dto: RegisterDto): Promise<RegisteredUserDto> {
    return this.registration.register(dto);
  }

  @Public()
  @RateLimited()
  @Post('login')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Log in with email and password (and a TOTP code when 2FA is on)' })
  @ApiOkResponse({ type: TokenPair })
  @ApiUnauthorizedResponse({ description: '`invalid_credentials`, or `mfa_required` when 2FA is on and `otp` is missing' })
  logIn(@Body() dto: LoginDto, @ClientContext() client: RequestContext): Promise<TokenPair> {
    return this.login.login(dto, client);
  }

  @Public()
  // Decorators apply bottom-up: the rate limit runs before the token check, so refused tokens count too.
  @UseGuards(JwtRefreshGuard)
  @RateLimited()
  @Post(['token', 'refresh'])
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Exchange a refresh token for a new token pair (rotation; the old token stops working)' })
  @ApiOkResponse({ type: TokenPair })
  @ApiUnauthorizedResponse({ description: '`invalid_grant`' })
  refresh(
    @Body() _dto: RefreshTokenDto,
    @PresentedRefresh() presented: PresentedRefreshToken,
    @ClientContext() client: RequestContext,
  ): Promise<TokenPair> {
    return this.rotation.rotate(presented, client);
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: "Revoke the refresh token's session (204 also for an unknown token)" })
  @ApiNoContentResponse()
  async logout(@Body() dto: RefreshTokenDto, @ClientContext() client: RequestContext): Promise<void> {
    await this.logouts.logout(dto.refreshToken, client);
  }

  @RateLimited()
  @Post('reauthenticate')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Confirm the password again for a fresh high-trust access token in the same session' })
  @ApiOkResponse({ type: ReauthenticatedDto })
  @ApiUnauthorizedResponse({ description: '`invalid_credentials` or `mfa_required`' })
  reauthenticate(
    @CurrentUser() caller: AccessTokenClaims,
    @Body() dto: ReauthenticateDto,
    @ClientContext() client: RequestContext,
  ): Promise<ReauthenticatedDto> {
    return this.login.reauthenticate(caller, dto, client);
  }
}
