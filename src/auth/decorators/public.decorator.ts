import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'keystep:isPublic';

/** Opts a route (or controller) out of the global access-token guard. Everything else needs a token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
