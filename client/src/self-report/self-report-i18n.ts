/** The page's own sentences (not the instrument's wording, which comes
 * from the server in the link's language). */
export type Lang = 'en' | 'es';

const en = {
  brand: 'Questionnaire from your care team',
  loading: 'One moment…',
  start_intro:
    'Your care team asks you to answer a few questions. It takes a few minutes. Your answers go only to your care team.',
  start_intro_guardian:
    'Your care team asks you to answer a few questions about your child. It takes a few minutes. Your answers go only to your care team.',
  start: 'Start',
  resume: 'Continue where I left off',
  /** Our lead line where the instrument carries no instructions of its
   * own (PSC-17): the items name a behavior, not a question. */
  about_child: 'How often does this describe your child?',
  progress: (n: number, of: number) => `Question ${n} of ${of}`,
  next: 'Next',
  back: 'Back',
  skip: 'Skip this question',
  skip_send: 'Skip it and send',
  choose_one: 'Choose one answer to go on.',
  send: 'Send my answers',
  sending: 'Sending…',
  thanks_title: 'Thank you',
  thanks_body: 'Your answers were sent to your care team.',
  crisis_title: 'Please reach out now',
  crisis_body:
    'If you are thinking about hurting yourself, you do not have to wait. Help is available right now, any time of day.',
  crisis_988: 'Call 988 (Suicide & Crisis Lifeline)',
  crisis_988_text: 'Text 988',
  crisis_911: 'Call 911 if you are in danger now',
  link_gone_title: 'This link cannot be used',
  link_gone_body:
    'It was already used or has expired. Ask your clinic for a new link.',
  link_missing: 'Open the whole link your clinic sent you.',
  failed:
    'Your answers could not be sent. Check your connection and try again.',
  footer: 'In danger or in a crisis? Call or text 988, or call 911.',
};

const es: typeof en = {
  brand: 'Cuestionario de su equipo de salud',
  loading: 'Un momento…',
  start_intro:
    'Su equipo de salud le pide responder algunas preguntas. Toma unos minutos. Sus respuestas van solo a su equipo de salud.',
  start_intro_guardian:
    'Su equipo de salud le pide responder algunas preguntas sobre su hijo o hija. Toma unos minutos. Sus respuestas van solo a su equipo de salud.',
  start: 'Empezar',
  resume: 'Seguir donde lo dejé',
  about_child: '¿Con qué frecuencia describe esto a su hijo o hija?',
  progress: (n: number, of: number) => `Pregunta ${n} de ${of}`,
  next: 'Siguiente',
  back: 'Atrás',
  skip: 'Saltar esta pregunta',
  skip_send: 'Saltarla y enviar',
  choose_one: 'Elija una respuesta para seguir.',
  send: 'Enviar mis respuestas',
  sending: 'Enviando…',
  thanks_title: 'Gracias',
  thanks_body: 'Sus respuestas se enviaron a su equipo de salud.',
  crisis_title: 'Por favor, pida ayuda ahora',
  crisis_body:
    'Si está pensando en hacerse daño, no tiene que esperar. Hay ayuda ahora mismo, a cualquier hora.',
  crisis_988: 'Llame al 988 (Línea de Prevención del Suicidio y Crisis)',
  crisis_988_text: 'Envíe un mensaje al 988',
  crisis_911: 'Llame al 911 si está en peligro ahora',
  link_gone_title: 'Este enlace no se puede usar',
  link_gone_body: 'Ya se usó o venció. Pida un enlace nuevo a su clínica.',
  link_missing: 'Abra el enlace completo que le envió su clínica.',
  failed:
    'No se pudieron enviar sus respuestas. Revise su conexión e intente de nuevo.',
  footer:
    '¿En peligro o en crisis? Llame o envíe un mensaje al 988, o llame al 911.',
};

export const TEXTS = { en, es };
export const pickLang = (): Lang =>
  navigator.language.toLowerCase().startsWith('es') ? 'es' : 'en';
