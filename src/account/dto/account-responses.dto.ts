import { ApiProperty } from '@nestjs/swagger';
import { SecurityEventType } from '../../security-events/security-event-types.js';

export class AccountDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() twoFactorEnabled!: boolean;
  @ApiProperty() createdAt!: Date;
}

export class TwoFactorSetupDto {
  @ApiProperty({ description: 'Base32 TOTP secret, for manual entry; shown once' }) secret!: string;
  @ApiProperty({ example: 'otpauth://totp/Keystep:ada%40example.com?secret=...&issuer=Keystep', description: 'For a QR code' })
  otpauthUrl!: string;
}

export class RecoveryCodesDto {
  @ApiProperty({ type: [String], example: ['a1b2c-3d4e5'], description: 'Ten single-use codes, shown once' })
  recoveryCodes!: string[];
}

export class SecurityEventDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: Object.values(SecurityEventType) }) type!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) sessionId!: string | null;
  @ApiProperty({ type: String, nullable: true }) ip!: string | null;
  @ApiProperty({ type: String, nullable: true }) userAgent!: string | null;
  @ApiProperty() createdAt!: Date;
}

export class SecurityEventPageDto {
  @ApiProperty({ type: [SecurityEventDto], description: 'Newest first' }) items!: SecurityEventDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Opaque; pass as `cursor` for the next page. Null on the last page' })
  nextCursor!: string | null;
}
