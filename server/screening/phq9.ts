import { PHQ_DIFFICULTY, PHQ_FREQUENCY } from './answer-option-sets';
import type { Instrument, InstrumentItem } from './instrument';

const item = (
  n: number,
  clinicianLabel: string,
  en: string,
  es: string,
  loinc?: string,
): InstrumentItem => ({
  id: `phq9.${n}`,
  clinicianLabel: `${n}. ${clinicianLabel}`,
  text: { en, es },
  answers: PHQ_FREQUENCY,
  scored: true,
  ...(loinc ? { loinc } : {}),
});

/** PHQ-9 severity bands; PHQ-A is scored against the same bands. */
export const PHQ_SEVERITY_BANDS = [
  { id: 'minimal', label: 'None-minimal', min: 0, max: 4 },
  { id: 'mild', label: 'Mild', min: 5, max: 9 },
  { id: 'moderate', label: 'Moderate', min: 10, max: 14 },
  {
    id: 'moderately-severe',
    label: 'Moderately severe',
    min: 15,
    max: 19,
  },
  { id: 'severe', label: 'Severe', min: 20, max: 27 },
] as const;

/**
 * Patient Health Questionnaire-9. English wording of the Pfizer form
 * (phqscreeners.com); Spanish of the Pfizer Spanish (USA) form, not the
 * adaptations in circulation (which differ): see `wording` for what each
 * language was checked against.
 */
export const PHQ9: Instrument = {
  id: 'phq9',
  version: '1',
  name: 'PHQ-9',
  title: 'PHQ-9 (Patient Health Questionnaire-9)',
  languages: ['en', 'es'],
  stem: {
    en:
      'Over the last 2 weeks, how often have you been bothered by any of ' +
      'the following problems?',
    es:
      'Durante las últimas 2 semanas, ¿qué tan seguido ha tenido ' +
      'molestias debido a los siguientes problemas?',
  },
  items: [
    item(
      1,
      'Little interest or pleasure',
      'Little interest or pleasure in doing things',
      'Poco interés o placer en hacer cosas',
    ),
    item(
      2,
      'Down, depressed, hopeless',
      'Feeling down, depressed, or hopeless',
      'Se ha sentido decaído(a), deprimido(a) o sin esperanzas',
    ),
    item(
      3,
      'Sleep',
      'Trouble falling or staying asleep, or sleeping too much',
      'Ha tenido dificultad para quedarse o permanecer dormido(a), o ha ' +
        'dormido demasiado',
    ),
    item(
      4,
      'Tired, little energy',
      'Feeling tired or having little energy',
      'Se ha sentido cansado(a) o con poca energía',
    ),
    item(
      5,
      'Appetite',
      'Poor appetite or overeating',
      'Sin apetito o ha comido en exceso',
    ),
    item(
      6,
      'Feeling bad about self',
      'Feeling bad about yourself \u2014 or that you are a failure or have ' +
        'let yourself or your family down',
      'Se ha sentido mal con usted mismo(a) \u2013 o que es un fracaso o ' +
        'que ha quedado mal con usted mismo(a) o con su familia',
    ),
    item(
      7,
      'Concentration',
      'Trouble concentrating on things, such as reading the newspaper or ' +
        'watching television',
      'Ha tenido dificultad para concentrarse en ciertas actividades, ' +
        'tales como leer el periódico o ver la televisión',
    ),
    item(
      8,
      'Slowed or restless',
      'Moving or speaking so slowly that other people could have noticed? ' +
        'Or the opposite \u2014 being so fidgety or restless that you have ' +
        'been moving around a lot more than usual',
      '¿Se ha movido o hablado tan lento que otras personas podrían ' +
        'haberlo notado? o lo contrario \u2013 muy inquieto(a) o ' +
        'agitado(a) que ha estado moviéndose mucho más de lo normal',
    ),
    item(
      9,
      'Thoughts of death or self-harm',
      'Thoughts that you would be better off dead or of hurting yourself ' +
        'in some way',
      'Pensamientos de que estaría mejor muerto(a) o de lastimarse de ' +
        'alguna manera',
      '44260-8',
    ),
    {
      id: 'phq9.difficulty',
      clinicianLabel: '10. Difficulty (not scored)',
      text: {
        en:
          'If you checked off any problems, how difficult have these ' +
          'problems made it for you to do your work, take care of things ' +
          'at home, or get along with other people?',
        es:
          'Si marcó cualquiera de los problemas, ¿qué tanta dificultad le ' +
          'han dado estos problemas para hacer su trabajo, encargarse de ' +
          'las tareas del hogar, o llevarse bien con otras personas?',
      },
      answers: PHQ_DIFFICULTY,
      scored: false,
      optional: true,
    },
  ],
  subscales: [],
  bands: PHQ_SEVERITY_BANDS,
  positiveScreens: [
    {
      id: 'major-depression',
      label: 'Total 10 or more: possible major depression',
      scope: 'total',
      atLeast: 10,
    },
  ],
  safetyItems: [
    {
      itemId: 'phq9.9',
      atLeast: 1,
      reason:
        'PHQ-9 item 9 is positive (thoughts of death or self-harm): ' +
        'assess suicide risk the same day.',
    },
  ],
  respondents: ['patient', 'clinician'],
  ages: {
    min: 12,
    basis:
      'Adults; also used from age 12, where universal depression ' +
      'screening starts (verify per program).',
  },
  blanks: { kind: 'required' },
  source:
    'Kroenke K, Spitzer RL, Williams JBW. J Gen Intern Med 2001;16:606-613. ' +
    'Form: Pfizer, phqscreeners.com.',
  terms:
    'Developed by Drs. Spitzer, Williams, Kroenke and colleagues with an ' +
    'educational grant from Pfizer; no permission required to reproduce, ' +
    'translate, display or distribute.',
  wording: {
    en:
      'Checked word for word against two independent reproductions of the ' +
      'Pfizer form (December 2026).',
    es:
      'Checked word for word against two independent copies of the Pfizer ' +
      'Spanish (USA) form, one carrying its "No se requiere permiso" ' +
      "footer (December 2026). They differ only in the stem's comma and " +
      "in one copy's evident typo on the first difficulty choice " +
      '("No ha sido fácil"); item 8\'s lower-case "o lo contrario" is ' +
      "the footer copy's.",
  },
  selfReportAllowed: true,
  loinc: '44261-6',
};
