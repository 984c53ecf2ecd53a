import { Injectable } from '@nestjs/common';
import { ApiError } from '../common/errors/api-error.js';
import { type Page, pageQuery, toPage } from '../common/pagination/page.js';
import { isUniqueViolation } from '../prisma/prisma-errors.js';
import { PrismaService } from '../prisma/prisma.service.js';
import type { PaymentDto } from './dto/payment.dto.js';
import { type PaymentRequest, paymentRequestHash } from './payment-request-hash.js';

export interface RecordedPayment {
  payment: PaymentDto;
  /** True when the key had already recorded this payment and it is being returned again. */
  replayed: boolean;
}

const PAYMENT_FIELDS = { id: true, status: true, amountMinor: true, currency: true, description: true, createdAt: true } as const;

@Injectable()
export class PaymentsService {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Records a payment once per (user, idempotency key). The unique index decides, not a prior lookup:
   * concurrent duplicates all try the insert, one wins, and the others read the winner's row.
   */
  async record(userId: string, idempotencyKey: string, request: PaymentRequest): Promise<RecordedPayment> {
    const requestHash = paymentRequestHash(request);
    try {
      const payment = await this.prisma.payment.create({
        data: {
          userId,
          idempotencyKey,
          requestHash,
          amountMinor: request.amountMinor,
          currency: request.currency,
          description: request.description,
        },
        select: PAYMENT_FIELDS,
      });
      return { payment, replayed: false };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }

    const existing = await this.prisma.payment.findUnique({
      where: { userId_idempotencyKey: { userId, idempotencyKey } },
      select: { ...PAYMENT_FIELDS, requestHash: true },
    });
    // Rows are never deleted while their user exists, so this is only reachable if the user was deleted meanwhile.
    if (!existing) throw new ApiError(409, 'conflict', 'The payment for this Idempotency-Key is gone; use a new key');
    if (existing.requestHash !== requestHash) {
      throw new ApiError(409, 'idempotency_key_reused', 'This Idempotency-Key was already used for a different payment request');
    }
    const { requestHash: _hash, ...payment } = existing;
    return { payment, replayed: true };
  }

  /** One page of the user's payments, newest first. */
  async list(userId: string, page: { limit: number; cursor?: string }): Promise<Page<PaymentDto>> {
    const { where, ...order } = pageQuery(page);
    const rows = await this.prisma.payment.findMany({ where: { userId, ...where }, ...order, select: PAYMENT_FIELDS });
    return toPage(rows, page.limit);
  }
}
