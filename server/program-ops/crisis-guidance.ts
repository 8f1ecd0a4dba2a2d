/** Shown to a PCP who asks while the program is closed: it is not a crisis line. */
export const CRISIS_GUIDANCE_OUTSIDE_HOURS =
  'This service is not a crisis line. If the patient is in immediate danger, call 911. ' +
  'For a mental health crisis, call or text 988 (Suicide & Crisis Lifeline).';
