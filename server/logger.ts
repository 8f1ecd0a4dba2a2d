import pino, { type Logger } from 'pino';
import { safeError } from './log-safe-error';

/**
 * Keys whose values are patient data or secrets. pino redacts them at any of
 * the listed depths, so a handler that logs a whole object cannot leak them.
 */
const SENSITIVE_KEYS = [
  'name',
  'firstName',
  'lastName',
  'fullName',
  'givenName',
  'familyName',
  'displayName',
  'dob',
  'dateOfBirth',
  'birthDate',
  'phone',
  'phoneNumber',
  'callbackPhone',
  'From',
  'To',
  'Caller',
  'Called',
  'question',
  'clinicalQuestion',
  'notes',
  'note',
  'assessment',
  'recommendations',
  'medicationGuidance',
  'followUp',
  'reason',
  'body',
  'Body',
  'text',
  'address',
  'email',
  'password',
  'token',
  'accessToken',
  'refreshToken',
  'authorization',
  'cookie',
  'secret',
];

function redactPaths(): string[] {
  const paths: string[] = [];
  for (const k of SENSITIVE_KEYS) {
    paths.push(k, `*.${k}`, `*.*.${k}`, `*.*.*.${k}`);
  }
  paths.push(
    'req.headers.authorization',
    'req.headers.cookie',
    'req.headers["x-twilio-signature"]',
  );
  return paths;
}

export function createLogger(
  level: string,
  destination?: pino.DestinationStream,
): Logger {
  return pino(
    {
      level,
      redact: { paths: redactPaths(), censor: '[redacted]' },
      base: { service: 'psych-access' },
      // Any error under these keys goes through the allow-list, whoever logs it.
      serializers: { err: safeError, error: safeError, cause: safeError },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

export type { Logger };
