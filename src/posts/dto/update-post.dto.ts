import { IsPostBody, IsPostTitle } from './post.validators.js';

/** At least one field must be given; the controller refuses `{}` (an update that changes nothing). */
export class UpdatePostDto {
  @IsPostTitle({ optional: true })
  title?: string;

  @IsPostBody({ optional: true })
  body?: string;
}
