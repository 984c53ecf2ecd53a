import { Module } from '@nestjs/common';
import { PaymentsController } from './payments.controller.js';
import { PaymentsService } from './payments.service.js';

/**
 * Payments recorded as ledger rows; creating one needs step-up, retries are idempotent per key.
 * `@StepUp()` and `@CurrentUser()` come from the global AuthVerificationModule, so the api role
 * serves this module without the token-issuing AuthModule.
 */
@Module({
  controllers: [PaymentsController],
  providers: [PaymentsService],
})
export class PaymentsModule {}
