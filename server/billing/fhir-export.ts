import { EXPORT_CHUNK_CHARS, type ExportRow } from './export-row';

/**
 * FHIR R4: one ChargeItem per line version, in a collection Bundle. A month
 * runs to hundreds of thousands of lines, so the JSON is written directly
 * (every value through JSON.stringify, keys in a fixed order) rather than
 * built as an object tree and serialized: the same bytes, several times
 * cheaper, and streamed in chunks.
 */
const CPT = 'http://www.ama-assn.org/go/cpt';
const HCPCS = 'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets';
const NPI = 'http://hl7.org/fhir/sid/us-npi';
const EXT = 'https://psych-access.example/fhir/StructureDefinition';
const ID = 'urn:psych-access';
const POS = 'https://www.cms.gov/Medicare/Coding/place-of-service-codes';
const UCUM = 'http://unitsofmeasure.org';

const STATUS = {
  original: 'billable',
  replacement: 'billable',
  cancel: 'not-billable',
} as const;

const json = JSON.stringify;

function extensionsJson(r: ExportRow): string {
  let out =
    `[{"url":"${EXT}/place-of-service","valueCoding":{"system":"${POS}","code":${json(r.placeOfService)}}}` +
    `,{"url":"${EXT}/time-minutes","valueQuantity":{"value":${json(r.minutes)},"unit":"min","system":"${UCUM}","code":"min"}}` +
    `,{"url":"${EXT}/line-action","valueCode":${json(r.action)}}` +
    `,{"url":"${EXT}/payer","valueString":${json(r.payer)}}`;
  if (r.feeCents !== null)
    out += `,{"url":"${EXT}/expected-fee","valueMoney":{"value":${json(r.feeCents / 100)},"currency":"USD"}}`;
  for (const m of r.modifiers)
    out += `,{"url":"${EXT}/cpt-modifier","valueCoding":{"system":"${CPT}/modifier","code":${json(m)}}}`;
  return `${out}]`;
}

function supportingInformationJson(r: ExportRow): string {
  const refs: string[] = [];
  if (r.consentId)
    refs.push(
      `{"reference":${json(`Consent/${r.consentId}`)},"type":"Consent"}`,
    );
  if (r.consultId)
    refs.push(
      `{"type":"ServiceRequest","identifier":{"system":"${ID}:consult","value":${json(r.consultId)}},"display":"consult request"}`,
    );
  return refs.length ? `,"supportingInformation":[${refs.join(',')}]` : '';
}

/** One line version as a ChargeItem resource (JSON text). */
export function chargeItemJson(r: ExportRow): string {
  const npi = r.billingClinicianNpi
    ? `,"identifier":{"system":"${NPI}","value":${json(r.billingClinicianNpi)}}`
    : '';
  return (
    `{"resourceType":"ChargeItem","id":${json(r.lineId)},"meta":{"versionId":${json(String(r.version))}}` +
    `,"extension":${extensionsJson(r)}` +
    `,"identifier":[{"system":"${ID}:billing-line","value":${json(r.lineKey)}}]` +
    `,"status":${json(STATUS[r.action])}` +
    `,"code":{"coding":[{"system":"${/^\d/.test(r.code) ? CPT : HCPCS}","code":${json(r.code)}}]}` +
    `,"subject":{"reference":${json(`Patient/${r.patientId}`)}}` +
    `,"occurrenceDateTime":${json(r.dateOfService)}` +
    `,"performer":[{"actor":{"reference":${json(`Practitioner/${r.billingClinicianId}`)},"display":${json(r.billingClinicianName)}${npi}}}]` +
    `,"costCenter":{"identifier":{"system":"${ID}:program","value":${json(r.programId)}},"display":${json(r.programName)}}` +
    `,"quantity":{"value":${json(r.units)}}` +
    `${supportingInformationJson(r)}}`
  );
}

/**
 * The period as a Bundle, in chunks of about EXPORT_CHUNK_CHARS; its id names
 * the program and period, and nothing in it depends on when it was built.
 */
export function* billingFhirChunks(
  rows: readonly ExportRow[],
  scope: { programId: string; period: string },
): Generator<string, void, undefined> {
  let chunk = `{"resourceType":"Bundle","id":${json(`${scope.programId}-${scope.period}`)},"type":"collection","entry":[`;
  for (let i = 0; i < rows.length; i++) {
    chunk += `${i ? ',' : ''}{"fullUrl":${json(`urn:uuid:${rows[i]!.lineId}`)},"resource":${chargeItemJson(rows[i]!)}}`;
    if (chunk.length >= EXPORT_CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}]}`;
}

/** The whole Bundle as one string (see billingFhirChunks). */
export const billingFhirJson = (
  rows: readonly ExportRow[],
  scope: { programId: string; period: string },
): string => [...billingFhirChunks(rows, scope)].join('');
