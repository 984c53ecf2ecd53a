import { IsPostBody, IsPostTitle } from './post.validators.js';

export class CreatePostDto {
  @IsPostTitle()
  title!: string;

  @IsPostBody()
  body!: string;
}
