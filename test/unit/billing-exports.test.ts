import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { billingCsv, billingCsvChunks } from '../../server/billing/csv-export';
import { verifiedExportFile } from '../../server/billing/export-repository';
import { writeChunks } from '../../server/http/write-chunks';
import {
  compareExportRows,
  EXPORT_CHUNK_CHARS,
  type ExportRow,
} from '../../server/billing/export-row';
import {
  billingFhirChunks,
  billingFhirJson,
} from '../../server/billing/fhir-export';

const row = (i: number, over: Partial<ExportRow> = {}): ExportRow => ({
  lineId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  lineKey: `ip:c${i}:consultant`,
  version: 2,
  action: 'replacement',
  programId: 'p1',
  programName: 'Program',
  billingClinicianId: 'u1',
  billingClinicianName: 'Dr. One',
  billingClinicianNpi: '1000000003',
  patientId: 'pt1',
  dateOfService: '2025-03-14',
  code: '99449',
  units: 1,
  modifiers: [],
  placeOfService: '11',
  minutes: 33,
  consentId: 'k1',
  consultId: `c${i}`,
  payer: 'medicare',
  feeCents: 7328,
  ...over,
});
const scope = { programId: 'p1', period: '2025-03' };
const many = Array.from({ length: 600 }, (_, i) =>
  row(i, i % 3 ? {} : { programName: 'Ünïcode "quoted", multi\nline 😀' }),
);

describe('FHIR export', () => {
  it('writes a ChargeItem with every optional part', () => {
    const bundle = JSON.parse(
      billingFhirJson([row(1, { modifiers: ['95'] })], scope),
    );
    expect(bundle).toEqual({
      resourceType: 'Bundle',
      id: 'p1-2025-03',
      type: 'collection',
      entry: [
        {
          fullUrl: 'urn:uuid:00000000-0000-4000-8000-000000000001',
          resource: {
            resourceType: 'ChargeItem',
            id: '00000000-0000-4000-8000-000000000001',
            meta: { versionId: '2' },
            extension: [
              {
                url: 'https://psych-access.example/fhir/StructureDefinition/place-of-service',
                valueCoding: {
                  system:
                    'https://www.cms.gov/Medicare/Coding/place-of-service-codes',
                  code: '11',
                },
              },
              {
                url: 'https://psych-access.example/fhir/StructureDefinition/time-minutes',
                valueQuantity: {
                  value: 33,
                  unit: 'min',
                  system: 'http://unitsofmeasure.org',
                  code: 'min',
                },
              },
              {
                url: 'https://psych-access.example/fhir/StructureDefinition/line-action',
                valueCode: 'replacement',
              },
              {
                url: 'https://psych-access.example/fhir/StructureDefinition/payer',
                valueString: 'medicare',
              },
              {
                url: 'https://psych-access.example/fhir/StructureDefinition/expected-fee',
                valueMoney: { value: 73.28, currency: 'USD' },
              },
              {
                url: 'https://psych-access.example/fhir/StructureDefinition/cpt-modifier',
                valueCoding: {
                  system: 'http://www.ama-assn.org/go/cpt/modifier',
                  code: '95',
                },
              },
            ],
            identifier: [
              {
                system: 'urn:psych-access:billing-line',
                value: 'ip:c1:consultant',
              },
            ],
            status: 'billable',
            code: {
              coding: [
                { system: 'http://www.ama-assn.org/go/cpt', code: '99449' },
              ],
            },
            subject: { reference: 'Patient/pt1' },
            occurrenceDateTime: '2025-03-14',
            performer: [
              {
                actor: {
                  reference: 'Practitioner/u1',
                  display: 'Dr. One',
                  identifier: {
                    system: 'http://hl7.org/fhir/sid/us-npi',
                    value: '1000000003',
                  },
                },
              },
            ],
            costCenter: {
              identifier: { system: 'urn:psych-access:program', value: 'p1' },
              display: 'Program',
            },
            quantity: { value: 1 },
            supportingInformation: [
              { reference: 'Consent/k1', type: 'Consent' },
              {
                type: 'ServiceRequest',
                identifier: { system: 'urn:psych-access:consult', value: 'c1' },
                display: 'consult request',
              },
            ],
          },
        },
      ],
    });
  });

  it('leaves out what a line does not have, and codes G-codes as HCPCS', () => {
    const item = JSON.parse(
      billingFhirJson(
        [
          row(1, {
            action: 'cancel',
            code: 'G2214',
            feeCents: null,
            billingClinicianNpi: null,
            consentId: null,
            consultId: null,
          }),
        ],
        scope,
      ),
    ).entry[0].resource;
    expect(item.status).toBe('not-billable');
    expect(item.code.coding[0].system).toBe(
      'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets',
    );
    expect(
      item.extension.map((e: { url: string }) => e.url.split('/').pop()),
    ).toEqual(['place-of-service', 'time-minutes', 'line-action', 'payer']);
    expect(item.performer[0].actor).toEqual({
      reference: 'Practitioner/u1',
      display: 'Dr. One',
    });
    expect(item).not.toHaveProperty('supportingInformation');
    expect(JSON.parse(billingFhirJson([], scope))).toEqual({
      resourceType: 'Bundle',
      id: 'p1-2025-03',
      type: 'collection',
      entry: [],
    });
  });

  it('escapes text as JSON and streams the same bytes in bounded chunks', () => {
    const whole = billingFhirJson(many, scope);
    expect(JSON.parse(whole).entry[0].resource.costCenter.display).toBe(
      'Ünïcode "quoted", multi\nline 😀',
    );
    const chunks = [...billingFhirChunks(many, scope)];
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.join('')).toBe(whole);
    // Written or hashed chunk by chunk, the bytes are the whole file's (no chunk splits a character).
    expect(
      Buffer.concat(chunks.map((c) => Buffer.from(c))).equals(
        Buffer.from(whole),
      ),
    ).toBe(true);
    for (const c of chunks)
      expect(c.length).toBeLessThan(EXPORT_CHUNK_CHARS + 4096);
  });
});

describe('CSV export', () => {
  it('streams the same bytes in chunks that end between rows', () => {
    const whole = billingCsv(many);
    const chunks = [...billingCsvChunks(many)];
    expect(chunks.join('')).toBe(whole);
    for (const c of chunks) expect(c.endsWith('\r\n')).toBe(true);
    expect(billingCsv([])).toBe(`${whole.split('\r\n')[0]}\r\n`);
  });

  it('quotes and guards cells', () => {
    const [, line] = billingCsv([
      row(1, {
        programName: '=HYPERLINK("x")',
        billingClinicianName: 'Dr. "Q", Jr.',
        minutes: -1,
        modifiers: ['25', '95'],
      }),
    ]).split('\r\n');
    expect(line).toBe(
      `"'=HYPERLINK(""x"")","Dr. ""Q"", Jr.",1000000003,pt1,2025-03-14,99449,1,25 95,11,'-1,k1,c1,medicare,73.28,ip:c1:consultant,2,replacement`,
    );
  });
});

describe('export download', () => {
  const sha = (s: string) => createHash('sha256').update(s).digest('hex');
  /** A client that takes one chunk per tick (a slow network), recording how far the producer ran ahead. */
  function slowSink() {
    const got: Buffer[] = [];
    const sink = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _enc, done) {
        got.push(chunk);
        setImmediate(done);
      },
    });
    return { sink, got };
  }

  it('checks the hash before anything is sent, and gives the size and the same bytes again', async () => {
    // As exported (sorted); rows come back from the database in any order.
    const sorted = [...many].sort(compareExportRows);
    const file = await verifiedExportFile([...sorted].reverse(), {
      ...scope,
      format: 'fhir',
      sha256: sha(billingFhirJson(sorted, scope)),
    });
    expect(file).not.toBeNull();
    const again = [...file!.chunks()].join('');
    expect(again).toBe(billingFhirJson(sorted, scope));
    expect(file!.bytes).toBe(Buffer.byteLength(again));
    expect(file!.bytes).toBeGreaterThan(again.length); // multi-byte text is counted in bytes
    // One extra recorded row, or one changed value: not the file that was exported.
    const csv = {
      ...scope,
      format: 'csv' as const,
      sha256: sha(billingCsv(sorted)),
    };
    expect(await verifiedExportFile([...many], csv)).not.toBeNull();
    expect(await verifiedExportFile([...many, row(9999)], csv)).toBeNull();
    expect(
      await verifiedExportFile(
        many.map((r, i) => (i === 7 ? { ...r, feeCents: 1 } : r)),
        csv,
      ),
    ).toBeNull();
  });

  it('hashes in turns, so the server keeps serving while a month is checked', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => row(i)).sort(
      compareExportRows,
    );
    let otherWork = 0;
    const tick = () => {
      otherWork++;
      if (otherWork < 1000) setImmediate(tick);
    };
    setImmediate(tick);
    const file = await verifiedExportFile(rows, {
      ...scope,
      format: 'fhir',
      sha256: sha(billingFhirJson(rows, scope)),
    });
    const during = otherWork;
    otherWork = 1000;
    expect(file).not.toBeNull();
    // About 5 MB of FHIR is about 70 chunks: the event loop turned several times meanwhile.
    expect(during).toBeGreaterThan(2);
  });

  it('writes no faster than the client reads: the next chunk is made only after drain', async () => {
    const chunks = [
      ...billingCsvChunks(Array.from({ length: 3000 }, (_, i) => row(i))),
    ];
    expect(chunks.length).toBeGreaterThan(5);
    let made = 0;
    let maxAhead = 0;
    const { sink, got } = slowSink();
    function* counted() {
      for (const c of chunks) {
        made++;
        maxAhead = Math.max(maxAhead, made - got.length);
        yield c;
      }
    }
    expect(await writeChunks(sink, counted())).toBe(true);
    await new Promise<void>((resolve) => sink.end(resolve));
    expect(Buffer.concat(got).toString()).toBe(chunks.join(''));
    // Each chunk is bigger than the sink's buffer: at most the one being written and the next are out.
    expect(maxAhead).toBeLessThanOrEqual(2);
  });

  it('stops making chunks when the client goes away', async () => {
    const { sink, got } = slowSink();
    let made = 0;
    function* endless() {
      for (;;) {
        made++;
        if (got.length === 3) sink.destroy();
        yield 'x'.repeat(4096);
      }
    }
    expect(await writeChunks(sink, endless())).toBe(false);
    expect(made).toBeLessThanOrEqual(5);
  });
});
