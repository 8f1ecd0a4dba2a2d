import twilio from 'twilio';

/**
 * TwiML for the phone side of a visit, as pure functions of their inputs.
 * Conference names are random (`visit-<hex>`), never a name or a number.
 * Every prompt is said in English then Spanish: the caller has not chosen yet.
 */
const { VoiceResponse } = twilio.twiml;

export const VISIT_CODE_DIGITS = 8;
export const MAX_CODE_ATTEMPTS = 3;

export interface ConferenceOptions {
  conferenceName: string;
  /** Absolute URL for participant join/leave events (the time ledger). */
  statusCallbackUrl: string | null;
  /** Dial-in callers wait on hold until a clinician-started leg arrives; dial-outs start it. */
  startsConference: boolean;
}

function sayBoth(
  r:
    | InstanceType<typeof VoiceResponse>
    | ReturnType<InstanceType<typeof VoiceResponse>['gather']>,
  en: string,
  es: string,
) {
  r.say({ language: 'en-US' }, en);
  r.say({ language: 'es-US' }, es);
}

/** Answer to a dial-in: ask for the visit code; the digits are posted to `codeUrl`. */
export function askForCodeTwiml(codeUrl: string, attempt: number): string {
  const r = new VoiceResponse();
  const g = r.gather({
    input: ['dtmf'],
    numDigits: VISIT_CODE_DIGITS,
    timeout: 10,
    action: `${codeUrl}?attempt=${attempt}`,
    method: 'POST',
    actionOnEmptyResult: true,
  });
  if (attempt === 1)
    sayBoth(
      g,
      'Welcome to your telehealth visit.',
      'Bienvenido a su consulta por telesalud.',
    );
  sayBoth(
    g,
    `Please enter your ${VISIT_CODE_DIGITS} digit visit code.`,
    `Por favor marque su código de consulta de ${VISIT_CODE_DIGITS} dígitos.`,
  );
  return r.toString();
}

/** A wrong or missing code: back to the question (at `incomingUrl`), or goodbye after the last attempt. */
export function wrongCodeTwiml(incomingUrl: string, attempt: number): string {
  if (attempt >= MAX_CODE_ATTEMPTS) {
    const r = new VoiceResponse();
    sayBoth(
      r,
      'We could not find that visit. Please call your clinic. Goodbye.',
      'No encontramos esa consulta. Por favor llame a su clínica. Adiós.',
    );
    r.hangup();
    return r.toString();
  }
  const r = new VoiceResponse();
  sayBoth(
    r,
    'That code did not match a visit.',
    'Ese código no corresponde a ninguna consulta.',
  );
  r.redirect({ method: 'POST' }, `${incomingUrl}?attempt=${attempt + 1}`);
  return r.toString();
}

/** Places the caller into the visit's conference. */
export function joinConferenceTwiml(
  o: ConferenceOptions,
  greeting: { en: string; es: string } | null,
): string {
  const r = new VoiceResponse();
  if (greeting) sayBoth(r, greeting.en, greeting.es);
  const dial = r.dial();
  dial.conference(
    {
      startConferenceOnEnter: o.startsConference,
      endConferenceOnExit: false,
      beep: 'false',
      ...(o.statusCallbackUrl
        ? {
            statusCallback: o.statusCallbackUrl,
            statusCallbackEvent: ['join', 'leave'],
            statusCallbackMethod: 'POST',
          }
        : {}),
    },
    o.conferenceName,
  );
  return r.toString();
}

export function goodbyeTwiml(): string {
  const r = new VoiceResponse();
  sayBoth(
    r,
    'This visit is not available. Please call your clinic. Goodbye.',
    'Esta consulta no está disponible. Por favor llame a su clínica. Adiós.',
  );
  r.hangup();
  return r.toString();
}
