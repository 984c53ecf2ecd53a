import { Injectable } from '@nestjs/common';
import { generateSecret, generateURI, verify } from 'otplib';
import { AppConfig } from '../config/app-config.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { SecretCipher } from './secret-cipher.service.js';

const PERIOD_SECONDS = 30;
/** One 30-second step of clock drift either way (RFC 6238 section 6). */
const DRIFT_SECONDS = PERIOD_SECONDS;

export interface TotpUser {
  id: string;
  email: string;
  totpSecretEnc: string | null;
}

/** RFC 6238 TOTP through otplib; secrets are encrypted at rest and each code is accepted once. */
@Injectable()
export class TotpService {
  constructor(
    private readonly config: AppConfig,
    private readonly prisma: PrismaService,
    private readonly cipher: SecretCipher,
  ) {}

  newSecret(email: string): { secret: string; otpauthUrl: string; sealed: string } {
    const secret = generateSecret();
    const otpauthUrl = generateURI({ issuer: this.config.totp.issuer, label: email, secret, period: PERIOD_SECONDS });
    return { secret, otpauthUrl, sealed: this.cipher.encrypt(secret) };
  }

  /**
   * Checks a code against the user's stored secret and consumes its time step with a compare-and-set,
   * so the same code (or an older one) can never be used twice, even by two concurrent requests.
   */
  async verifyAndConsume(user: TotpUser, code: string): Promise<boolean> {
    if (!user.totpSecretEnc) return false;
    const secret = this.cipher.decrypt(user.totpSecretEnc);
    const result = await verify({ secret, token: code, period: PERIOD_SECONDS, epochTolerance: DRIFT_SECONDS });
    if (!result.valid || !('timeStep' in result)) return false;
    const step = BigInt(result.timeStep);
    const { count } = await this.prisma.user.updateMany({
      where: { id: user.id, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
      data: { totpLastStep: step },
    });
    return count === 1;
  }
}
