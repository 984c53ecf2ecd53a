import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min, ValidateBy } from 'class-validator';
import { decodeCursor, MAX_CURSOR_LENGTH } from './cursor.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Only cursors made by `encodeCursor` pass, so a forged one is a 400 here rather than a database error. */
const IsCursor = () =>
  ValidateBy({
    name: 'isCursor',
    validator: {
      validate: (value) => decodeCursor(value) !== null,
      defaultMessage: () => 'cursor must be the nextCursor of a previous page',
    },
  });

/** `?limit=&cursor=` of a cursor-paginated, newest-first listing. */
export class PaginationQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE, description: 'Items per page' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = DEFAULT_PAGE_SIZE;

  @ApiPropertyOptional({
    maxLength: MAX_CURSOR_LENGTH,
    description:
      'Opaque: the `nextCursor` of the previous page; omit it for the first page. Positions are stable, ' +
      'so items created meanwhile neither repeat nor hide later items. Anything else is a 400.',
  })
  @IsOptional()
  @IsCursor()
  cursor?: string;
}
