import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from './decorators/current-user.decorator.js';
import { MeDto } from './dto/auth-responses.dto.js';
import type { AccessTokenClaims } from './tokens/token-claims.js';

/** Served by both roles: it only reads the verified token, never the database. */
@ApiTags('auth')
@ApiBearerAuth()
@Controller('auth')
export class MeController {
  @Get('me')
  @ApiOperation({ summary: 'The verified claims of the access token' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentUser() claims: AccessTokenClaims): MeDto {
    return {
      sub: claims.sub,
      sid: claims.sid,
      authType: claims.authType,
      isSecure: claims.isSecure,
      secureUntil: claims.secureUntil ?? null,
      auth_time: claims.auth_time,
      amr: claims.amr,
      exp: claims.exp,
    };
  }
}
