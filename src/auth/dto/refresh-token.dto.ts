import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class RefreshTokenDto {
  @ApiProperty({ description: 'The refresh token from the last token pair' })
  @IsString()
  @Length(1, 4096)
  refreshToken!: string;
}
