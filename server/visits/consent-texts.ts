import { createHash } from 'node:crypto';

/**
 * The consent wording shown at join, versioned. A consent row stores the
 * version, language and SHA-256 of exactly the text the person saw; changing
 * a word means a new version here, never an edit of an old one.
 */
export const CONSENT_KINDS = [
  'telehealth',
  'guardian_for_minor',
  'interpreter_confidentiality',
] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];
export const VISIT_LANGUAGES = ['en', 'es'] as const;
export type VisitLanguage = (typeof VISIT_LANGUAGES)[number];

interface ConsentText {
  kind: ConsentKind;
  version: string;
  language: VisitLanguage;
  title: string;
  body: string;
  /**
   * The text tells the signer the consultation may be billed with cost
   * sharing: agreeing to it is the documented consult consent billing
   * needs, so the PCP does not ask a second time.
   */
  costSharingNotice?: boolean;
}

const TEXTS: ConsentText[] = [
  {
    kind: 'telehealth',
    version: 'telehealth-2025-01',
    language: 'en',
    title: 'Consent to a telehealth visit',
    body:
      'This visit happens by video or phone instead of in person. A psychiatrist will talk with you, and your primary care clinician may join. ' +
      'The visit is private: it is not recorded, and only the people your care team invites can join. ' +
      'Video and sound can fail on a weak connection; if that happens we may continue by phone or set up another visit. ' +
      'If you are in danger or having a crisis, hang up and call or text 988, or call 911. ' +
      'You can stop the visit at any time. Agreeing here does not change your right to in-person care.',
  },
  {
    kind: 'telehealth',
    version: 'telehealth-2025-01',
    language: 'es',
    title: 'Consentimiento para una consulta por telesalud',
    body:
      'Esta consulta se hace por video o por teléfono en lugar de en persona. Un psiquiatra hablará con usted, y su médico de atención primaria puede unirse. ' +
      'La consulta es privada: no se graba, y solo pueden unirse las personas que invita su equipo de atención. ' +
      'El video y el sonido pueden fallar con una conexión débil; si pasa, podemos continuar por teléfono o programar otra consulta. ' +
      'Si está en peligro o en crisis, cuelgue y llame o envíe un mensaje al 988, o llame al 911. ' +
      'Puede terminar la consulta en cualquier momento. Aceptar aquí no cambia su derecho a recibir atención en persona.',
  },
  {
    kind: 'guardian_for_minor',
    version: 'guardian-2025-01',
    language: 'en',
    title: 'Parent or guardian consent for a minor',
    body:
      'I am the parent or legal guardian of the patient, who is under 18. I agree that the patient may take part in this telehealth visit with a psychiatrist, ' +
      'and that the psychiatrist may share what they learn with the patient’s primary care clinician to plan care.',
  },
  {
    kind: 'guardian_for_minor',
    version: 'guardian-2025-01',
    language: 'es',
    title: 'Consentimiento del padre, madre o tutor para un menor',
    body:
      'Soy el padre, la madre o el tutor legal del paciente, que es menor de 18 años. Acepto que el paciente participe en esta consulta por telesalud con un psiquiatra, ' +
      'y que el psiquiatra comparta lo que aprenda con el médico de atención primaria del paciente para planificar su atención.',
  },
  {
    kind: 'guardian_for_minor',
    version: 'guardian-2026-12',
    language: 'en',
    costSharingNotice: true,
    title: 'Parent or guardian consent for a minor',
    body:
      'I am the parent or legal guardian of the patient, who is under 18. I agree that the patient may take part in this telehealth visit with a psychiatrist, ' +
      'and that the psychiatrist may share what they learn with the patient’s primary care clinician to plan care. ' +
      'I understand that this consultation may be billed to the patient’s health plan, and that I may owe a copay, coinsurance or deductible for it.',
  },
  {
    kind: 'guardian_for_minor',
    version: 'guardian-2026-12',
    language: 'es',
    costSharingNotice: true,
    title: 'Consentimiento del padre, madre o tutor para un menor',
    body:
      'Soy el padre, la madre o el tutor legal del paciente, que es menor de 18 años. Acepto que el paciente participe en esta consulta por telesalud con un psiquiatra, ' +
      'y que el psiquiatra comparta lo que aprenda con el médico de atención primaria del paciente para planificar su atención. ' +
      'Entiendo que esta consulta puede facturarse al seguro médico del paciente y que es posible que yo deba pagar un copago, coseguro o deducible.',
  },
  {
    kind: 'interpreter_confidentiality',
    version: 'interpreter-2025-01',
    language: 'en',
    title: 'Interpreter confidentiality',
    body: 'I will interpret completely and accurately, and I will keep everything I hear in this visit confidential.',
  },
  {
    kind: 'interpreter_confidentiality',
    version: 'interpreter-2025-01',
    language: 'es',
    title: 'Confidencialidad del intérprete',
    body: 'Interpretaré de forma completa y exacta, y mantendré confidencial todo lo que escuche en esta consulta.',
  },
];

export interface ShownConsentText extends ConsentText {
  sha256: string;
}

const sha256 = (t: ConsentText) =>
  createHash('sha256').update(`${t.title}\n\n${t.body}`, 'utf8').digest('hex');

export function consentText(
  kind: ConsentKind,
  language: VisitLanguage,
): ShownConsentText {
  // The newest version is shown; older ones stay so their hashes still verify.
  const newestFirst = [...TEXTS].reverse();
  const t =
    newestFirst.find((x) => x.kind === kind && x.language === language) ??
    newestFirst.find((x) => x.kind === kind && x.language === 'en')!;
  return { ...t, sha256: sha256(t) };
}

/** The current text whose hash matches what the client says it showed, or null. */
export function findShownText(
  kind: ConsentKind,
  version: string,
  sha: string,
): ShownConsentText | null {
  for (const t of TEXTS) {
    if (t.kind === kind && t.version === version && sha256(t) === sha)
      return { ...t, sha256: sha };
  }
  return null;
}
