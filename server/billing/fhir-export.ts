import type { ExportRow } from './export-row';

/** FHIR R4: one ChargeItem per line version, in a collection Bundle. */
const CPT = 'http://www.ama-assn.org/go/cpt';
const HCPCS = 'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets';
const NPI = 'http://hl7.org/fhir/sid/us-npi';
const EXT = 'https://psych-access.example/fhir/StructureDefinition';
const ID = 'urn:psych-access';

const STATUS = { original: 'billable', replacement: 'billable', cancel: 'not-billable' } as const;

export function chargeItem(r: ExportRow): Record<string, unknown> {
  const extension: Record<string, unknown>[] = [
    { url: `${EXT}/place-of-service`, valueCoding: { system: 'https://www.cms.gov/Medicare/Coding/place-of-service-codes', code: r.placeOfService } },
    { url: `${EXT}/time-minutes`, valueQuantity: { value: r.minutes, unit: 'min', system: 'http://unitsofmeasure.org', code: 'min' } },
    { url: `${EXT}/line-action`, valueCode: r.action },
    { url: `${EXT}/payer`, valueString: r.payer },
    ...(r.feeCents === null ? [] : [{ url: `${EXT}/expected-fee`, valueMoney: { value: r.feeCents / 100, currency: 'USD' } }]),
    ...r.modifiers.map((m) => ({ url: `${EXT}/cpt-modifier`, valueCoding: { system: `${CPT}/modifier`, code: m } })),
  ];
  const supportingInformation: Record<string, unknown>[] = [];
  if (r.consentId) supportingInformation.push({ reference: `Consent/${r.consentId}`, type: 'Consent' });
  if (r.consultId) supportingInformation.push({ type: 'ServiceRequest', identifier: { system: `${ID}:consult`, value: r.consultId }, display: 'consult request' });
  return {
    resourceType: 'ChargeItem',
    id: r.lineId,
    meta: { versionId: String(r.version) },
    extension,
    identifier: [{ system: `${ID}:billing-line`, value: r.lineKey }],
    status: STATUS[r.action],
    code: { coding: [{ system: /^\d/.test(r.code) ? CPT : HCPCS, code: r.code }] },
    subject: { reference: `Patient/${r.patientId}` },
    occurrenceDateTime: r.dateOfService,
    performer: [
      {
        actor: {
          reference: `Practitioner/${r.billingClinicianId}`,
          display: r.billingClinicianName,
          ...(r.billingClinicianNpi ? { identifier: { system: NPI, value: r.billingClinicianNpi } } : {}),
        },
      },
    ],
    costCenter: { identifier: { system: `${ID}:program`, value: r.programId }, display: r.programName },
    quantity: { value: r.units },
    ...(supportingInformation.length ? { supportingInformation } : {}),
  };
}

/** The period as a Bundle; its id names the program and period, and nothing in it depends on when it was built. */
export function billingBundle(rows: readonly ExportRow[], scope: { programId: string; period: string }): Record<string, unknown> {
  return {
    resourceType: 'Bundle',
    id: `${scope.programId}-${scope.period}`,
    type: 'collection',
    entry: rows.map((r) => ({ fullUrl: `urn:uuid:${r.lineId}`, resource: chargeItem(r) })),
  };
}

/**
 * The same bytes as JSON.stringify(billingBundle(...)), built entry by entry so
 * a month of lines never exists twice in memory (object tree and string).
 */
export function billingFhirJson(rows: readonly ExportRow[], scope: { programId: string; period: string }): string {
  const { entry: _e, ...shell } = billingBundle([], scope);
  const head = JSON.stringify(shell).slice(0, -1);
  const parts: string[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) parts[i] = JSON.stringify({ fullUrl: `urn:uuid:${rows[i]!.lineId}`, resource: chargeItem(rows[i]!) });
  return `${head},"entry":[${parts.join(',')}]}`;
}
