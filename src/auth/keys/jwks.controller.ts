import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../decorators/public.decorator.js';
import { AccessTokenKeys } from './access-token-keys.js';

/** The public keys app servers verify access tokens with. Never a private or symmetric key. */
@ApiTags('keys')
@Public()
@Controller('.well-known')
export class JwksController {
  constructor(private readonly keys: AccessTokenKeys) {}

  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'JSON Web Key Set of the access-token signing keys (public parts, with kid)' })
  @ApiOkResponse({ description: '{ keys: JWK[] }' })
  jwks(): { keys: object[] } {
    return { keys: this.keys.jwks.map((jwk) => ({ ...jwk })) };
  }
}
