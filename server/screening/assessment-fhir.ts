import type { Assessment } from './assessment';
import type { Instrument } from './instrument';

/**
 * An assessment as FHIR R4: a QuestionnaireResponse with each answer, and
 * Observations (category survey) for the total and for every item that has
 * a LOINC code (PHQ-9 item 9), derived from it, in a collection Bundle.
 * Pure: the stored row and its instrument in, plain JSON out.
 */

const LOINC = 'http://loinc.org';
const LOCAL = 'urn:psych-access';
const CATEGORY = {
  coding: [
    {
      system: 'http://terminology.hl7.org/CodeSystem/observation-category',
      code: 'survey',
      display: 'Survey',
    },
  ],
};

type Json = Record<string, unknown>;

function questionnaireResponse(a: Assessment, instrument: Instrument): Json {
  return {
    resourceType: 'QuestionnaireResponse',
    id: a.id,
    questionnaire: `${LOCAL}:questionnaire:${instrument.id}|${a.version}`,
    status: a.supersedes ? 'amended' : 'completed',
    subject: { reference: `Patient/${a.patientId}` },
    authored: a.answeredAt.toISOString(),
    ...(a.enteredBy
      ? { author: { reference: `Practitioner/${a.enteredBy}` } }
      : {}),
    source:
      a.answeredBy === 'patient'
        ? { reference: `Patient/${a.patientId}` }
        : a.answeredBy === 'guardian'
          ? { display: 'parent or guardian' }
          : { reference: `Practitioner/${a.enteredBy}` },
    item: instrument.items.map((item, i) => {
      const position = a.answers[i];
      const points = a.itemValues[i];
      return {
        linkId: item.id,
        text: item.clinicianLabel,
        ...(position === null || position === undefined
          ? {}
          : {
              answer: [
                {
                  valueCoding: {
                    system: `${LOCAL}:answer:${item.answers.id}`,
                    code: String(position),
                    ...(item.answers.options[position]?.text?.en
                      ? { display: item.answers.options[position]?.text?.en }
                      : {}),
                  },
                  item: [
                    {
                      linkId: `${item.id}.points`,
                      text: 'points',
                      answer: [{ valueInteger: points ?? 0 }],
                    },
                  ],
                },
              ],
            }),
      };
    }),
  };
}

function observation(a: Assessment, id: string, code: Json, value: Json): Json {
  return {
    resourceType: 'Observation',
    id,
    status: a.supersedes ? 'amended' : 'final',
    category: [CATEGORY],
    code,
    subject: { reference: `Patient/${a.patientId}` },
    effectiveDateTime: a.answeredAt.toISOString(),
    issued: a.recordedAt.toISOString(),
    ...(a.enteredBy
      ? { performer: [{ reference: `Practitioner/${a.enteredBy}` }] }
      : {}),
    derivedFrom: [{ reference: `QuestionnaireResponse/${a.id}` }],
    ...value,
  };
}

function totalObservation(a: Assessment, instrument: Instrument): Json {
  const text = `${instrument.name} total score`;
  const code = instrument.loinc
    ? {
        coding: [{ system: LOINC, code: instrument.loinc, display: text }],
        text,
      }
    : { text };
  const value =
    a.status === 'scored'
      ? {
          valueInteger: a.total,
          interpretation: [{ text: a.bandLabel }],
          ...(a.subscales.length
            ? {
                component: a.subscales.map((s) => ({
                  code: { text: s.title },
                  valueInteger: s.score,
                })),
              }
            : {}),
        }
      : {
          dataAbsentReason: {
            coding: [
              {
                system:
                  'http://terminology.hl7.org/CodeSystem/data-absent-reason',
                code: 'error',
              },
            ],
            text: a.invalidReason,
          },
        };
  return observation(a, `${a.id}-total`, code, value);
}

/** Items with their own LOINC code (PHQ-9 item 9) as Observations. */
function itemObservations(a: Assessment, instrument: Instrument): Json[] {
  return instrument.items.flatMap((item, i) => {
    const points = a.itemValues[i];
    if (!item.loinc || points === null || points === undefined) return [];
    const text = `${instrument.name} ${item.clinicianLabel}`;
    return [
      observation(
        a,
        `${a.id}-item${i + 1}`,
        {
          coding: [{ system: LOINC, code: item.loinc, display: text }],
          text,
        },
        { valueInteger: points },
      ),
    ];
  });
}

export function assessmentFhirBundle(
  a: Assessment,
  instrument: Instrument,
): Json {
  const resources = [
    questionnaireResponse(a, instrument),
    totalObservation(a, instrument),
    ...itemObservations(a, instrument),
  ];
  return {
    resourceType: 'Bundle',
    type: 'collection',
    timestamp: a.recordedAt.toISOString(),
    entry: resources.map((resource) => ({
      fullUrl: `${LOCAL}:${String(resource.resourceType)}/${String(resource.id)}`,
      resource,
    })),
  };
}
