import { z } from 'zod';

/** An id from a path or body that can name a row (anything else is a 404). */
export const isUuid = (id: string | undefined): id is string =>
  id !== undefined && z.uuid().safeParse(id).success;
