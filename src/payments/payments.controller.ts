import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser } from '../auth/decorators/current-user.decorator.js';
import { StepUp } from '../auth/decorators/step-up.decorator.js';
import type { AccessTokenClaims } from '../auth/tokens/token-claims.js';
import { PaginationQueryDto } from '../common/pagination/pagination-query.dto.js';
import { CreatePaymentDto } from './dto/create-payment.dto.js';
import { PaymentDto, PaymentPageDto } from './dto/payment.dto.js';
import { IdempotencyKey } from './idempotency-key.decorator.js';
import { PaymentsService } from './payments.service.js';

/** Set on a response that returns an already-recorded payment for a retried request. */
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';

@ApiTags('payments')
@Controller('payments')
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Post()
  @StepUp({ maxAge: 120 })
  @ApiOperation({
    summary: 'Record a payment (idempotent per Idempotency-Key)',
    description:
      'Needs a token from a credential login or re-authentication at most 120 s ago. A retry with the same ' +
      'Idempotency-Key and the same body answers 201 again with the original payment (same id), plus ' +
      `\`${IDEMPOTENT_REPLAYED_HEADER}: true\`; nothing new is recorded. JSON key order does not matter.`,
  })
  @ApiCreatedResponse({
    type: PaymentDto,
    description: 'The payment recorded for this key, new or replayed',
    headers: {
      [IDEMPOTENT_REPLAYED_HEADER]: {
        description: 'Present, with the value "true", when this answer replays an earlier request with the same key',
        schema: { type: 'string', enum: ['true'] },
      },
    },
  })
  @ApiBadRequestResponse({ description: '`validation_failed` for the body, `invalid_idempotency_key` for the header' })
  @ApiConflictResponse({ description: '`idempotency_key_reused`: the key was already used with a different body' })
  async create(
    @CurrentUser() caller: AccessTokenClaims,
    @IdempotencyKey() idempotencyKey: string,
    @Body() dto: CreatePaymentDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PaymentDto> {
    const { payment, replayed } = await this.payments.record(caller.sub, idempotencyKey, dto);
    if (replayed) void reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
    return payment;
  }

  @Get()
  @ApiBearerAuth()
  @ApiOperation({ summary: "The caller's payments, newest first, one page at a time (an access token is enough to read)" })
  @ApiOkResponse({ type: PaymentPageDto })
  @ApiUnauthorizedResponse({ description: 'Missing, invalid or expired access token' })
  @ApiBadRequestResponse({ description: '`validation_failed`: limit outside 1-100, or a cursor not made by this API' })
  list(@CurrentUser() caller: AccessTokenClaims, @Query() query: PaginationQueryDto): Promise<PaymentPageDto> {
    return this.payments.list(caller.sub, { limit: query.limit, cursor: query.cursor });
  }
}
