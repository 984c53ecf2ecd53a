import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiError } from '../../common/errors/api-error.js';
import { CurrentUser } from '../decorators/current-user.decorator.js';
import { ClientContext, type RequestContext } from '../decorators/request-context.decorator.js';
import { SessionDto } from '../dto/auth-responses.dto.js';
import type { AccessTokenClaims } from '../tokens/token-claims.js';
import { SessionService } from './session.service.js';

@ApiTags('sessions')
@ApiBearerAuth()
@Controller('auth')
export class SessionsController {
  constructor(private readonly sessions: SessionService) {}

  @Get('sessions')
  @ApiOperation({ summary: "The caller's live sessions" })
  @ApiOkResponse({ type: [SessionDto] })
  list(@CurrentUser() caller: AccessTokenClaims): Promise<SessionDto[]> {
    return this.sessions.list(caller.sub, caller.sid);
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke one of the caller’s sessions (its refresh tokens stop working at once)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'No such session of the caller' })
  async revoke(
    @CurrentUser() caller: AccessTokenClaims,
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => sessionNotFound() })) id: string,
    @ClientContext() client: RequestContext,
  ): Promise<void> {
    if (!(await this.sessions.revoke(id, caller.sub, 'deleted_by_user', client))) throw sessionNotFound();
  }

  @Post('logout-all')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke every session of the caller, this one included' })
  @ApiNoContentResponse()
  async logoutAll(@CurrentUser() caller: AccessTokenClaims, @ClientContext() client: RequestContext): Promise<void> {
    await this.sessions.logOutEverywhere(caller.sub, caller.sid, client);
  }
}

const sessionNotFound = () => new ApiError(404, 'not_found', 'Session not found');
