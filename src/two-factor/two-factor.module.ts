import { Module } from '@nestjs/common';
import { RecoveryCodesService } from './recovery-codes.service.js';
import { SecretCipher } from './secret-cipher.service.js';
import { TotpService } from './totp.service.js';

/** TOTP and recovery-code primitives, shared by login (auth) and the 2FA settings (account). */
@Module({
  providers: [SecretCipher, TotpService, RecoveryCodesService],
  exports: [TotpService, RecoveryCodesService],
})
export class TwoFactorModule {}
