import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class RegisteredUserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() createdAt!: Date;
}

export class ReauthenticatedDto {
  @ApiProperty({ example: 'Bearer' }) tokenType!: 'Bearer';
  @ApiProperty() accessToken!: string;
  @ApiProperty({ example: 900 }) expiresIn!: number;
  @ApiProperty({ description: 'Epoch seconds until which step-up routes accept this token' }) secureUntil!: number;
}

export class MeDto {
  @ApiProperty({ format: 'uuid' }) sub!: string;
  @ApiProperty({ format: 'uuid' }) sid!: string;
  @ApiProperty({ enum: ['credentials', 'refresh'] }) authType!: string;
  @ApiProperty() isSecure!: boolean;
  @ApiPropertyOptional({ type: Number, nullable: true }) secureUntil!: number | null;
  @ApiProperty() auth_time!: number;
  @ApiProperty({ type: [String], example: ['pwd'] }) amr!: string[];
  @ApiProperty() exp!: number;
}

export class SessionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() lastUsedAt!: Date;
  @ApiProperty() expiresAt!: Date;
  @ApiProperty({ type: String, nullable: true }) userAgent!: string | null;
  @ApiProperty({ type: String, nullable: true }) ip!: string | null;
  @ApiProperty({ description: 'True for the session of the token making this request' }) current!: boolean;
}
