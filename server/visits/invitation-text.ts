import type { VisitLanguage } from './consent-texts';

/**
 * The text message that carries an invite link. It says nothing clinical and
 * names nobody: a text can be read by anyone holding the phone.
 */
export function invitationText(language: VisitLanguage, url: string): string {
  return language === 'es'
    ? `Su equipo de atención le invitó a una consulta por video. Para unirse, abra: ${url} Responda STOP para no recibir más mensajes.`
    : `Your care team invited you to a video visit. To join, open: ${url} Reply STOP to opt out.`;
}
