import { ApiProperty } from '@nestjs/swagger';

/** A post as clients see it: the owner is always the caller, so no user id is ever sent. */
export class PostDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() body!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class PostPageDto {
  @ApiProperty({ type: [PostDto], description: 'Newest first' }) items!: PostDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` to get the next page; null on the last page',
  })
  nextCursor!: string | null;
}
