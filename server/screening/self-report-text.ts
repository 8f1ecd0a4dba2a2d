import type { Language } from './instrument';

/** The text message carrying a self-report link: no name, no diagnosis. */
export function selfReportText(language: Language, url: string): string {
  return language === 'es'
    ? `Su equipo de salud le pide responder un cuestionario breve. Abra este enlace (sirve una vez): ${url}`
    : `Your care team asks you to answer a short questionnaire. Open this link (it works once): ${url}`;
}
