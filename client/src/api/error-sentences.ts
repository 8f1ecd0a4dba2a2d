import { ApiError, type FieldProblem } from './api-error';

/**
 * Clinician-facing wording for codes whose server message is terse or technical.
 * Everything else uses the server's own message, which is written as a sentence.
 */
const SENTENCES: Record<string, string> = {
  invalid_credentials: 'The email or password is not correct.',
  session_ended: 'Your session has ended. Please sign in again.',
  unauthenticated: 'Please sign in to continue.',
  token_expired: 'Your session expired. Please sign in again.',
  token_invalid: 'Please sign in again.',
  token_revoked: 'You were signed out. Please sign in again.',
  role_not_allowed: 'Your account does not have access to this screen.',
  forbidden: 'You do not have access to this.',
  route_not_found: 'This feature is not available on this server yet.',
  payload_too_large:
    'That is too large to send. Please shorten it or attach a smaller file.',
  malformed_json: 'Something went wrong sending the form. Please try again.',
  internal_error:
    'Something went wrong on our side. Please try again; if it keeps happening, contact support.',
  illegal_transition:
    'That step is no longer possible: the consult has moved on. The screen has been refreshed.',
};

/** Form field names as a clinician would say them. */
const FIELD_LABELS: Record<string, string> = {
  givenName: 'First name',
  familyName: 'Last name',
  birthDate: 'Date of birth',
  sex: 'Sex',
  state: 'State of residence',
  preferredLanguage: 'Language',
  patientId: 'Patient',
  consultType: 'Consult type',
  reasonCategories: 'Reason for the consult',
  clinicalQuestion: 'Clinical question',
  contactMode: 'How to reach you',
  urgency: 'Urgency',
  specialty: 'Specialty',
  language: 'Language',
  callbackPhone: 'Callback phone number',
  callback: 'How to call back',
  email: 'Email',
  password: 'Password',
  // Program administration (client/src/admin).
  npi: 'NPI',
  displayName: 'Full name',
  practiceId: 'Practice',
  psychiatristId: 'Psychiatrist',
  enrolledOn: 'Enrolled on',
  withdrawnOn: 'Withdrawn on',
  ruralBasis: 'Basis of the rural flag',
};

export function fieldLabel(field: string): string {
  const head = field.split('.')[0] ?? field;
  return (
    FIELD_LABELS[field] ??
    FIELD_LABELS[head] ??
    head
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .replace(/^./, (c) => c.toUpperCase())
  );
}

interface ErrorBody {
  error?: {
    code?: string;
    message?: string;
    details?: unknown;
    requestId?: string;
  };
}

function fieldProblems(details: unknown): FieldProblem[] {
  if (!Array.isArray(details)) return [];
  return details.filter(
    (d): d is FieldProblem =>
      typeof d?.field === 'string' && typeof d?.message === 'string',
  );
}

/** Builds the ApiError for a non-2xx reply, choosing the sentence the clinician will see. */
export function errorFromReply(status: number, body: unknown): ApiError {
  const e = (body as ErrorBody | null)?.error;
  const code =
    e?.code ??
    (status === 404
      ? 'route_not_found'
      : status >= 500
        ? 'internal_error'
        : 'bad_request');
  const fields = fieldProblems(e?.details);
  let message =
    SENTENCES[code] ??
    e?.message ??
    'The request could not be completed. Please try again.';
  if (code === 'validation_failed' && fields.length) {
    message = `Please check the form: ${fields.map((f) => `${fieldLabel(f.field)} ${f.message}`).join('; ')}.`;
  }
  if (status === 429 && e?.message) message = e.message;
  return new ApiError(status, code, message, fields, e?.requestId);
}

export const networkError = () =>
  new ApiError(
    0,
    'network_unreachable',
    'We could not reach the server. Check your internet connection and try again.',
  );

/** Socket acks carry the same {code, message} shape. */
export function errorFromAck(error: {
  code: string;
  message: string;
  details?: unknown;
}): ApiError {
  return errorFromReply(error.code === 'validation_failed' ? 400 : 409, {
    error,
  });
}
