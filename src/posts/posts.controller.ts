import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentUser } from '../auth/decorators/current-user.decorator.js';
import type { AccessTokenClaims } from '../auth/tokens/token-claims.js';
import { PaginationQueryDto } from '../common/pagination/pagination-query.dto.js';
import { CreatePostDto } from './dto/create-post.dto.js';
import { PostDto, PostPageDto } from './dto/post.dto.js';
import { UpdatePostDto } from './dto/update-post.dto.js';
import { nothingToUpdate, postNotFound } from './posts.errors.js';
import { PostsService } from './posts.service.js';

/** A malformed id gets the same 404 as an unknown one: never a 400 that tells the two apart. */
const PostId = () => Param('id', new ParseUUIDPipe({ exceptionFactory: postNotFound }));

const NOT_FOUND = "`not_found`: no such post of the caller (another user's post, an unknown id and a malformed id look the same)";
const INVALID_BODY =
  '`validation_failed` with `details`: title must be 1-200 and body 1-10000 characters, not blank, with no unknown ' +
  'fields. The whole request body is also capped by BODY_LIMIT_BYTES (16 KiB by default; 413 above it).';

@ApiTags('posts')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing, invalid or expired access token' })
@Controller('posts')
export class PostsController {
  constructor(private readonly posts: PostsService) {}

  @Get()
  @ApiOperation({ summary: "The caller's posts, newest first, one page at a time" })
  @ApiOkResponse({ type: PostPageDto })
  @ApiBadRequestResponse({ description: '`validation_failed`: limit outside 1-100, or a cursor not made by this API' })
  list(@CurrentUser() caller: AccessTokenClaims, @Query() query: PaginationQueryDto): Promise<PostPageDto> {
    return this.posts.list(caller.sub, { limit: query.limit, cursor: query.cursor });
  }

  @Post()
  @ApiOperation({ summary: 'Create a post owned by the caller' })
  @ApiCreatedResponse({ type: PostDto })
  @ApiBadRequestResponse({ description: INVALID_BODY })
  create(@CurrentUser() caller: AccessTokenClaims, @Body() body: CreatePostDto): Promise<PostDto> {
    return this.posts.create(caller.sub, body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One of the caller’s posts' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: PostDto })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  async findOne(@CurrentUser() caller: AccessTokenClaims, @PostId() id: string): Promise<PostDto> {
    const post = await this.posts.find(caller.sub, id);
    if (!post) throw postNotFound();
    return post;
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change the title, the body or both of one of the caller’s posts' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: PostDto })
  @ApiBadRequestResponse({ description: `${INVALID_BODY} An empty object changes nothing and is refused too.` })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  async update(
    @CurrentUser() caller: AccessTokenClaims,
    @PostId() id: string,
    @Body() changes: UpdatePostDto,
  ): Promise<PostDto> {
    if (changes.title === undefined && changes.body === undefined) throw nothingToUpdate();
    const post = await this.posts.update(caller.sub, id, changes);
    if (!post) throw postNotFound();
    return post;
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete one of the caller’s posts' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: NOT_FOUND })
  async remove(@CurrentUser() caller: AccessTokenClaims, @PostId() id: string): Promise<void> {
    if (!(await this.posts.remove(caller.sub, id))) throw postNotFound();
  }
}
