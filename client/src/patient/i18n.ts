/** Every sentence on the patient page, in English and Spanish. Short and plain: many read this on a phone. */
export type Lang = 'en' | 'es';

const en = {
  title: 'Your video visit',
  otherLanguage: 'Español',
  start_intro:
    'Your care team invited you to a private video visit. You do not need an account.',
  start_button: 'Join my visit',
  working: 'One moment…',
  link_invite_used: 'This link was already used',
  link_invite_used_help:
    'If you closed the page, open the link from your text again while the visit is going on.',
  link_invite_expired: 'This link has expired',
  link_invite_expired_help: 'Ask your clinic to send you a new link.',
  link_invite_revoked: 'This link was cancelled',
  link_invite_revoked_help:
    'Your clinic sent a newer link, or the visit ended. Use the newest text, or call your clinic.',
  link_invite_invalid: 'This link does not work',
  link_invite_invalid_help:
    'Make sure you opened the whole link from your text. If it still does not work, call your clinic.',
  link_rate_limited: 'Too many tries',
  link_rate_limited_help:
    'Wait a few minutes, then open the link from your text again.',
  link_missing: 'No visit link',
  link_missing_help: 'Open the link your clinic sent you by text or email.',
  link_open_elsewhere: 'This visit is open on another device',
  link_open_elsewhere_help:
    'Use the phone or computer where it is open. If you closed it there, wait a minute and open this link again.',
  call_clinic: 'Questions? Call your clinic: {number}',
  reconnecting: 'Reconnecting…',
  role_patient: 'patient',
  role_guardian: 'parent or guardian',
  role_interpreter: 'interpreter',
  role_psychiatrist: 'psychiatrist',
  role_bh_clinician: 'behavioral health clinician',
  role_care_manager: 'care manager',
  role_pcp: 'primary care clinician',
  dob_day: 'Day',
  dob_month: 'Month',
  dob_year: 'Year',
  dial_in_unavailable:
    'Joining by phone is not set up for this visit. If video does not work, call your clinic.',
  device_title: 'Check your camera and sound',
  device_camera: 'Camera',
  device_mic: 'Microphone',
  device_speaker: 'Speaker',
  device_network: 'Connection',
  device_ok: 'Working',
  device_checking: 'Checking…',
  device_blocked:
    'Blocked. Allow the camera and microphone in your browser settings, then reload.',
  device_no_camera: 'No camera found. You can join with audio only.',
  device_mic_talk: 'Say something: the bar should move.',
  device_play_tone: 'Play a test sound',
  device_heard: 'I heard it',
  network_good: 'Good',
  network_fair: 'Fair: video may be blurry',
  network_weak: 'Weak: audio only is recommended',
  audio_only: 'Audio only (no video)',
  audio_only_help: 'Uses much less data. Good for one bar of signal.',
  continue: 'Continue',
  identity_title: 'Confirm who you are',
  identity_patient_help:
    'Enter the patient’s name and date of birth as the clinic has them.',
  identity_guardian_help:
    'Enter your name, how you are related to the patient, and the patient’s date of birth.',
  identity_interpreter_help: 'Enter your name.',
  given_name: 'First name',
  family_name: 'Last name',
  birth_date: 'Date of birth',
  patient_birth_date: 'Patient’s date of birth',
  your_name: 'Your full name',
  relationship: 'Relationship to the patient',
  rel_parent: 'Parent',
  rel_legal_guardian: 'Legal guardian',
  rel_grandparent: 'Grandparent',
  rel_foster_parent: 'Foster parent',
  rel_other_relative: 'Other relative',
  rel_other: 'Other',
  identity_mismatch:
    'That does not match our records. Check the spelling and the date, and try again.',
  attempts_left: 'Tries left: {n}',
  consent_title: 'Please read and agree',
  consent_agree: 'I have read this and I agree',
  guardian_already_consented:
    'Your parent or guardian has already given their consent for this visit.',
  signer_name: 'Your full name (as a signature)',
  signer_relationship:
    'If you are the parent or guardian: your relationship to the patient',
  consent_submit: 'Agree and continue',
  waiting_title: 'You are in the waiting room',
  waiting_help: 'Your clinician will let you in soon. Keep this page open.',
  waiting_audio_only: 'You will join with audio only.',
  location_question: 'Where is the patient right now?',
  location_home: 'At home',
  location_elsewhere: 'Somewhere else',
  location_saved: 'Thank you. Your clinician will confirm it.',
  admitted: 'You are being connected…',
  incall_title: 'In your visit',
  incall_waiting_others: 'Waiting for the others to connect…',
  mute: 'Mute',
  unmute: 'Unmute',
  camera_off: 'Camera off',
  camera_on: 'Camera on',
  switch_audio_only: 'Switch to audio only',
  switch_video: 'Turn video back on',
  weak_connection:
    'Your connection is weak. Switching to audio only can keep the visit going.',
  dial_in_title: 'Video not working?',
  dial_in_help:
    'Call {number} and enter visit code {code}. Your clinician will join you on the phone.',
  dial_in_call: 'Call now',
  leave: 'Leave visit',
  left_title: 'You left the visit',
  left_help: 'To come back, open your link again while the visit is going on.',
  ended_title: 'The visit has ended',
  ended_help: 'Thank you. You can close this page.',
  removed_title: 'You are no longer in this visit',
  removed_help: 'If this is a mistake, please call your clinic.',
  session_over:
    'Your visit session ended. Open your visit link again, or ask your clinic for a new one.',
  error_generic: 'Something went wrong. Check your connection and try again.',
  crisis: 'In danger or in a crisis? Call or text 988, or call 911.',
  you: 'You',
};

const es: typeof en = {
  title: 'Su consulta por video',
  otherLanguage: 'English',
  start_intro:
    'Su equipo de atención le invitó a una consulta privada por video. No necesita una cuenta.',
  start_button: 'Unirme a mi consulta',
  working: 'Un momento…',
  link_invite_used: 'Este enlace ya se usó',
  link_invite_used_help:
    'Si cerró la página, abra otra vez el enlace de su mensaje mientras la consulta continúa.',
  link_invite_expired: 'Este enlace venció',
  link_invite_expired_help: 'Pida a su clínica que le envíe un enlace nuevo.',
  link_invite_revoked: 'Este enlace fue cancelado',
  link_invite_revoked_help:
    'Su clínica envió un enlace más nuevo, o la consulta terminó. Use el mensaje más reciente, o llame a su clínica.',
  link_invite_invalid: 'Este enlace no funciona',
  link_invite_invalid_help:
    'Asegúrese de abrir el enlace completo de su mensaje. Si aún no funciona, llame a su clínica.',
  link_rate_limited: 'Demasiados intentos',
  link_rate_limited_help:
    'Espere unos minutos y vuelva a abrir el enlace de su mensaje.',
  link_missing: 'No hay enlace de consulta',
  link_missing_help:
    'Abra el enlace que su clínica le envió por mensaje o correo.',
  link_open_elsewhere: 'Esta consulta está abierta en otro dispositivo',
  link_open_elsewhere_help:
    'Use el teléfono o la computadora donde está abierta. Si la cerró allí, espere un minuto y abra este enlace otra vez.',
  call_clinic: '¿Preguntas? Llame a su clínica: {number}',
  reconnecting: 'Reconectando…',
  role_patient: 'paciente',
  role_guardian: 'madre, padre o tutor',
  role_interpreter: 'intérprete',
  role_psychiatrist: 'psiquiatra',
  role_bh_clinician: 'profesional de salud conductual',
  role_care_manager: 'administrador de atención',
  role_pcp: 'médico de atención primaria',
  dob_day: 'Día',
  dob_month: 'Mes',
  dob_year: 'Año',
  dial_in_unavailable:
    'No se puede unir por teléfono a esta consulta. Si el video no funciona, llame a su clínica.',
  device_title: 'Revise su cámara y sonido',
  device_camera: 'Cámara',
  device_mic: 'Micrófono',
  device_speaker: 'Altavoz',
  device_network: 'Conexión',
  device_ok: 'Funciona',
  device_checking: 'Revisando…',
  device_blocked:
    'Bloqueado. Permita la cámara y el micrófono en su navegador y vuelva a cargar la página.',
  device_no_camera: 'No se encontró cámara. Puede unirse solo con audio.',
  device_mic_talk: 'Diga algo: la barra debe moverse.',
  device_play_tone: 'Tocar un sonido de prueba',
  device_heard: 'Lo escuché',
  network_good: 'Buena',
  network_fair: 'Regular: el video puede verse borroso',
  network_weak: 'Débil: se recomienda solo audio',
  audio_only: 'Solo audio (sin video)',
  audio_only_help: 'Usa muchos menos datos. Bueno con poca señal.',
  continue: 'Continuar',
  identity_title: 'Confirme quién es',
  identity_patient_help:
    'Escriba el nombre y la fecha de nacimiento del paciente como los tiene la clínica.',
  identity_guardian_help:
    'Escriba su nombre, su relación con el paciente y la fecha de nacimiento del paciente.',
  identity_interpreter_help: 'Escriba su nombre.',
  given_name: 'Nombre',
  family_name: 'Apellido',
  birth_date: 'Fecha de nacimiento',
  patient_birth_date: 'Fecha de nacimiento del paciente',
  your_name: 'Su nombre completo',
  relationship: 'Relación con el paciente',
  rel_parent: 'Madre o padre',
  rel_legal_guardian: 'Tutor legal',
  rel_grandparent: 'Abuela o abuelo',
  rel_foster_parent: 'Madre o padre de crianza',
  rel_other_relative: 'Otro familiar',
  rel_other: 'Otra',
  identity_mismatch:
    'No coincide con nuestros registros. Revise la ortografía y la fecha e intente de nuevo.',
  attempts_left: 'Intentos restantes: {n}',
  consent_title: 'Por favor lea y acepte',
  consent_agree: 'Leí esto y estoy de acuerdo',
  guardian_already_consented:
    'Su padre, madre o tutor ya dio su consentimiento para esta consulta.',
  signer_name: 'Su nombre completo (como firma)',
  signer_relationship:
    'Si es el padre, la madre o el tutor: su relación con el paciente',
  consent_submit: 'Aceptar y continuar',
  waiting_title: 'Está en la sala de espera',
  waiting_help:
    'Su clínico le dejará entrar pronto. Mantenga esta página abierta.',
  waiting_audio_only: 'Se unirá solo con audio.',
  location_question: '¿Dónde está el paciente ahora?',
  location_home: 'En casa',
  location_elsewhere: 'En otro lugar',
  location_saved: 'Gracias. Su clínico lo confirmará.',
  admitted: 'Conectando…',
  incall_title: 'En su consulta',
  incall_waiting_others: 'Esperando que los demás se conecten…',
  mute: 'Silenciar',
  unmute: 'Activar sonido',
  camera_off: 'Apagar cámara',
  camera_on: 'Encender cámara',
  switch_audio_only: 'Cambiar a solo audio',
  switch_video: 'Volver a activar el video',
  weak_connection:
    'Su conexión es débil. Cambiar a solo audio puede mantener la consulta.',
  dial_in_title: '¿El video no funciona?',
  dial_in_help:
    'Llame al {number} y marque el código de consulta {code}. Su clínico se unirá a usted por teléfono.',
  dial_in_call: 'Llamar ahora',
  leave: 'Salir de la consulta',
  left_title: 'Salió de la consulta',
  left_help:
    'Para volver, abra su enlace otra vez mientras la consulta continúa.',
  ended_title: 'La consulta terminó',
  ended_help: 'Gracias. Puede cerrar esta página.',
  removed_title: 'Ya no está en esta consulta',
  removed_help: 'Si es un error, por favor llame a su clínica.',
  session_over:
    'Su sesión terminó. Abra su enlace otra vez o pida uno nuevo a su clínica.',
  error_generic: 'Algo salió mal. Revise su conexión e intente de nuevo.',
  crisis:
    '¿En peligro o en crisis? Llame o envíe un mensaje al 988, o llame al 911.',
  you: 'Usted',
};

export type Phrase = keyof typeof en;
export const PHRASES: Record<Lang, typeof en> = { en, es };

export function t(
  lang: Lang,
  key: Phrase,
  vars: Record<string, string | number> = {},
): string {
  return PHRASES[lang][key].replace(/\{(\w+)\}/g, (_m, k: string) =>
    String(vars[k] ?? ''),
  );
}

/** The invite's language (the link carries it), else the browser's. */
export const initialLang = (): Lang => {
  const fromLink =
    typeof location !== 'undefined'
      ? (new URLSearchParams(location.hash.replace(/^#/, '')).get('l') ??
        sessionStorage.getItem('visit.lang'))
      : null;
  if (fromLink === 'es' || fromLink === 'en') {
    sessionStorage.setItem('visit.lang', fromLink);
    return fromLink;
  }
  return typeof navigator !== 'undefined' &&
    navigator.language?.toLowerCase().startsWith('es')
    ? 'es'
    : 'en';
};
