import express, { type RequestHandler } from 'express';
import { clientIpOf } from '../http/request-context';
import type { AuthService } from './auth-service';
import { cookieValue, KNOWN_DEVICE_COOKIE } from './known-device';

const LOGIN_PATH = '/api/auth/login';
const readJson = express.json({ limit: '100kb' });

/**
 * A sign-in refused moments ago is refused again here, before the router:
 * from this instance's memory of the limits the database refused (per
 * account and address, per account, per address; login-refusals.ts), with
 * no route matching, schema parse, database statement, password check or
 * audit write (the refusals are summed into one audit row a minute). A
 * guessing burst then costs the server little more than reading its
 * requests (bench:abuse). Everything else, and a browser with a
 * known-device cookie (its own limit, looked up by user), goes on to the
 * route, which applies the same limits in full.
 */
export function loginRefusalGate(auth: AuthService): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'POST' || req.path !== LOGIN_PATH) return next();
    if (cookieValue(req.header('cookie'), KNOWN_DEVICE_COOKIE)) return next();
    // The request log and metrics name the route though the router is skipped.
    res.locals.route = LOGIN_PATH;
    readJson(req, res, (err?: unknown) => {
      // The route's own parser answers a body it cannot read.
      const email = (req.body as { email?: unknown } | undefined)?.email;
      if (err || typeof email !== 'string') return next(err);
      auth
        .refuseFromMemory(email, {
          clientIp: clientIpOf(req),
          requestId: req.requestId,
        })
        .then(() => next(), next);
    });
  };
}
