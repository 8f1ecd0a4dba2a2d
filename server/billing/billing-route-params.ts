import { z } from 'zod';
import { isMonth } from './calendar-days';

/** Who works the billing desk. */
export const STAFF = ['biller', 'admin'] as const;

/** A billing period parameter: a month. */
export const period = z.string().refine(isMonth, 'must be a month as YYYY-MM');
