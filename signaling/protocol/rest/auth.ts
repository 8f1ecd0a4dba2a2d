import { z } from 'zod';
import { userSchema } from '../identities';

/** Signing in and keeping a session (POST /api/auth/login, /api/auth/refresh). */

export const loginBodySchema = z.object({
  email: z.email('must be an email address').max(254),
  password: z.string().min(1, 'is required').max(1024),
});

export const refreshBodySchema = z.object({
  refreshToken: z.string().min(20, 'is required').max(512),
});

export const tokenPairSchema = z.object({
  accessToken: z.string(),
  accessTokenExpiresAt: z.string(),
  refreshToken: z.string(),
  refreshTokenExpiresAt: z.string(),
  tokenType: z.literal('Bearer'),
});
export type TokenPair = z.infer<typeof tokenPairSchema>;

/** The reply to a refresh: the rotated pair (the old refresh token is spent). */
export const refreshReplySchema = z.object({ tokens: tokenPairSchema });
export type RefreshReply = z.infer<typeof refreshReplySchema>;

export const loginReplySchema = z.object({
  user: userSchema,
  tokens: tokenPairSchema,
});
