/**
 * npm run bench:billing — code and export one month: 100,000 consults and
 * 1,000,000 ledger entries (plus their call events), through the pure coding
 * engine and both exporters. Prints JSON with the time of each phase, a
 * baseline measured in the same run (a plain pass summing every interval of
 * the same data) and the ratio, and peak memory. Target: compute + export < 10 s.
 *
 * Then the download of that month's export (GET /api/billing/exports/:id/file)
 * as the server does it, without the database: each row parsed from JSON as
 * the driver does (`rowsFromJsonMs`), then per format the check against the
 * export's hash (sort + a hash pass over the chunks) and the streamed write,
 * honouring backpressure, to a sink that takes the bytes as a socket would.
 * Reported under `download`, with its own peak memory; the fields above keep
 * their meaning (their peak is taken before the download starts).
 */
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import type {
  CallEventFact,
  ConsultBillingFacts,
  LedgerEntryFact,
  LineDraft,
} from '../../server/billing/billing-facts';
import { codeConsult } from '../../server/billing/coding-engine';
import { billingCsvChunks } from '../../server/billing/csv-export';
import {
  exportChunks,
  verifiedExportFile,
  type ExportFormat,
} from '../../server/billing/export-repository';
import {
  compareExportRows,
  type ExportRow,
} from '../../server/billing/export-row';
import { billingFhirChunks } from '../../server/billing/fhir-export';
import { rulesFor } from '../../server/billing/payer-rules';
import { writeChunks } from '../../server/http/write-chunks';

const CONSULTS = Number(process.env.BENCH_CONSULTS ?? 100_000);
const ENTRIES_PER_CONSULT = 10;
const MIN = 60_000;
const MONTH_START = Date.parse('2025-03-01T05:00:00Z');

let peakRss = 0;
let peakHeap = 0;
const sample = () => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
};

/** Deterministic pseudo-random numbers, so runs compare. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () =>
    (s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;
}

const rand = rng(42);
const rules = {
  default: rulesFor('default'),
  medicare: rulesFor('medicare'),
  medicaid: rulesFor('medicaid'),
};
const payers = ['default', 'medicare', 'medicaid'] as const;
let eventId = 0;

/** Consults [from, to) of the month: the same stream of data whatever the chunking. */
function makeConsults(from: number, to: number): ConsultBillingFacts[] {
  const out: ConsultBillingFacts[] = [];
  for (let i = from; i < to; i++) {
    const id = `c${i}`;
    const consultant = `psy${i % 300}`;
    const pcp = `pcp${i % 5000}`;
    const requestedAt = MONTH_START + Math.floor(rand() * 27 * 86_400_000);
    const callStart = requestedAt + 20 * MIN;
    const callMinutes = 3 + Math.floor(rand() * 30);
    const callId = `call${i}`;
    const ev = (
      at: number,
      type: CallEventFact['type'],
      userId: string | null,
      role: string | null,
    ): CallEventFact => ({
      id: ++eventId,
      callId,
      at,
      type,
      userId,
      participantId: userId,
      participantRole: role,
    });
    const callEvents = [
      ev(callStart, 'participant_joined', pcp, 'pcp'),
      ev(callStart + 30_000, 'participant_joined', consultant, 'psychiatrist'),
      ev(callStart + 35_000, 'media_connected', consultant, 'psychiatrist'),
      ev(
        callStart + callMinutes * MIN,
        'participant_left',
        consultant,
        'psychiatrist',
      ),
      ev(callStart + callMinutes * MIN + 1000, 'call_ended', null, null),
    ];
    const ledger: LedgerEntryFact[] = [];
    for (let k = 0; k < ENTRIES_PER_CONSULT; k++) {
      const consultantSide = k < 6;
      const start = callStart + Math.floor((rand() * 90 - 30) * MIN);
      const minutes = 1 + Math.floor(rand() * 6);
      const anchored = k !== 9;
      ledger.push({
        id: `${id}e${k}`,
        clinicianId: consultantSide ? consultant : pcp,
        role: consultantSide ? 'consultant' : 'requesting',
        activity: consultantSide
          ? k % 2
            ? 'chart_review'
            : 'report_writing'
          : k % 2
            ? 'referral_prep'
            : 'consultant_discussion',
        startedAt: start,
        endedAt: anchored ? start + minutes * MIN : null,
        minutes: anchored ? null : minutes,
        // Every tenth consult has a correction of its first entry.
        supersedes: k === 5 && i % 10 === 0 ? `${id}e0` : null,
        voids: false,
        enteredAt: start + minutes * MIN,
      });
    }
    const payer = payers[i % 3]!;
    out.push({
      consult: {
        id,
        programId: 'p1',
        patientId: `pt${i % 60_000}`,
        requestedBy: pcp,
        consultantId: consultant,
        consultantRole: 'psychiatrist',
        requestedAt,
      },
      timeZone: 'America/New_York',
      payer,
      rules: rules[payer],
      clinicians: {
        [consultant]: { id: consultant, npi: '1000000003' },
        [pcp]: { id: pcp, npi: '1000000001' },
      },
      callEvents,
      ledger,
      report: {
        id: `r${i}`,
        signedAt: callStart + (callMinutes + 30) * MIN,
        verbalDiscussion: true,
        directEvaluationAdvised: i % 17 === 0,
      },
      consents:
        i % 25 === 0
          ? []
          : [
              {
                id: `consent${i}`,
                kind: 'interprofessional',
                consultId: id,
                obtainedAt: requestedAt - MIN,
                costSharingNoticeGiven: true,
                withdrawnAt: null,
              },
            ],
      encounters:
        i % 40 === 0
          ? [
              {
                id: `enc${i}`,
                clinicianId: consultant,
                kind: 'face_to_face',
                date: '2025-03-02',
              },
            ]
          : [],
      priorLines: [],
      now: Date.parse('2025-04-20T12:00:00Z'),
    });
  }
  return out;
}

/** The baseline: one plain pass over the same data, summing every interval's length per consult. */
function baseline(consults: readonly ConsultBillingFacts[]): number {
  let total = 0;
  for (const c of consults) {
    let ms = 0;
    for (const e of c.ledger)
      ms +=
        e.endedAt !== null ? e.endedAt - e.startedAt : (e.minutes ?? 0) * MIN;
    const ev = c.callEvents;
    ms += ev[ev.length - 1]!.at - ev[0]!.at;
    total += Math.floor(ms / MIN);
  }
  return total;
}

function toExportRow(l: LineDraft, i: number): ExportRow {
  return {
    lineId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    lineKey: l.lineKey,
    version: 1,
    action: 'original',
    programId: l.programId,
    programName: 'Bench Program',
    billingClinicianId: l.billingClinicianId,
    billingClinicianName: `Dr. ${l.billingClinicianId}`,
    billingClinicianNpi: l.billingClinicianNpi,
    patientId: l.patientId,
    dateOfService: l.dateOfService,
    code: l.code,
    units: l.units,
    modifiers: l.modifiers,
    placeOfService: l.placeOfService,
    minutes: l.minutes,
    consentId: l.consentId,
    consultId: l.consultId,
    payer: l.payer,
    feeCents: l.feeCents,
  };
}

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

/**
 * Production codes one consult at a time from facts loaded for it, stores its
 * lines and drops them. So the month is generated in chunks (untimed), each
 * chunk timed through the plain pass and then through the engine, and
 * dropped; of each consult's lines only the ready ones' export rows stay
 * (production reads those back to export). The exporters stream their output,
 * so neither file is ever held whole.
 */
const CHUNK = 100;
/** Sample memory every this many export chunks too (about 8 MB of output): the peak may be mid-stream. */
const SAMPLE_EVERY = 128;

/** Streams an export as a writer would (every chunk encoded to UTF-8); returns the bytes. */
function drain(chunks: Iterable<string>): number {
  let bytes = 0;
  let n = 0;
  for (const chunk of chunks) {
    bytes += Buffer.byteLength(chunk);
    if (++n % SAMPLE_EVERY === 0) sample();
  }
  sample();
  return bytes;
}

/** The CPU the driver spends turning each stored row (jsonb text) back into an object; texts made untimed, in batches, and dropped. */
function rowsFromJson(rows: readonly ExportRow[]): number {
  let parseMs = 0;
  const BATCH = 1000;
  for (let i = 0; i < rows.length; i += BATCH) {
    const texts = rows.slice(i, i + BATCH).map((r) => JSON.stringify(r));
    const t0 = process.hrtime.bigint();
    for (const t of texts) JSON.parse(t);
    parseMs += ms(t0);
  }
  return parseMs;
}

/** Takes bytes as a socket would (strings encoded to UTF-8, default 16 KB buffer, so every chunk waits for 'drain'), and counts them. */
class CountingSink extends Writable {
  bytes = 0;
  writes = 0;
  override _write(
    chunk: Buffer,
    _enc: BufferEncoding,
    done: (err?: Error | null) => void,
  ): void {
    this.bytes += chunk.length;
    if (++this.writes % SAMPLE_EVERY === 0) sample();
    done();
  }
}

/** One download: check against the hash the export was made with, then stream it to a sink. */
async function download(
  rows: ExportRow[],
  format: ExportFormat,
  scope: { programId: string; period: string },
) {
  // The hash recorded when the export was made (createExport's pass): not part of the download.
  const hash = createHash('sha256');
  for (const chunk of exportChunks(rows, format, scope)) hash.update(chunk);
  const exp = { ...scope, format, sha256: hash.digest('hex') };
  global.gc?.();
  const tv = process.hrtime.bigint();
  const file = await verifiedExportFile(rows, exp);
  const verifyMs = ms(tv);
  sample();
  if (!file)
    throw new Error(`${format} export does not reproduce its own hash`);
  const tw = process.hrtime.bigint();
  const sink = new CountingSink();
  if (!(await writeChunks(sink, file.chunks())))
    throw new Error('sink closed early');
  await new Promise<void>((resolve, reject) =>
    sink.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
  const writeMs = ms(tw);
  sample();
  if (sink.bytes !== file.bytes)
    throw new Error(
      `${format}: wrote ${sink.bytes} bytes, the hash pass counted ${file.bytes}`,
    );
  return { verifyMs, writeMs, bytes: sink.bytes, writes: sink.writes };
}

async function main(): Promise<void> {
  global.gc?.();
  let generateMs = 0;
  let baselineMs = 0;
  let computeMs = 0;
  let baselineMinutes = 0;
  let ledgerEntries = 0;
  let callEvents = 0;
  let lineCount = 0;
  let notes = 0;
  const byStatus: Record<string, number> = {};
  const byCode: Record<string, number> = {};
  const rows: ExportRow[] = [];
  for (let from = 0; from < CONSULTS; from += CHUNK) {
    const t0 = process.hrtime.bigint();
    const consults = makeConsults(from, Math.min(CONSULTS, from + CHUNK));
    generateMs += ms(t0);
    for (const c of consults) {
      ledgerEntries += c.ledger.length;
      callEvents += c.callEvents.length;
    }
    const tb = process.hrtime.bigint();
    baselineMinutes += baseline(consults);
    baselineMs += ms(tb);
    // Compute includes keeping each ready line's export row (the CSV phase used to), and the tallies.
    const tc = process.hrtime.bigint();
    for (const c of consults) {
      const r = codeConsult(c);
      for (const l of r.lines) {
        byStatus[l.status] = (byStatus[l.status] ?? 0) + 1;
        byCode[l.code] = (byCode[l.code] ?? 0) + 1;
        if (l.status === 'ready') rows.push(toExportRow(l, rows.length));
      }
      lineCount += r.lines.length;
      notes += r.notes.length;
    }
    computeMs += ms(tc);
    if ((from / CHUNK) % 100 === 0) sample();
  }
  sample();

  // The CSV phase also counts sorting the rows, as it always has.
  const te = process.hrtime.bigint();
  rows.sort(compareExportRows);
  const csvBytes = drain(billingCsvChunks(rows));
  const csvMs = ms(te);
  const tf = process.hrtime.bigint();
  const fhirBytes = drain(
    billingFhirChunks(rows, { programId: 'p1', period: '2025-03' }),
  );
  const fhirMs = ms(tf);

  const totalMs = computeMs + csvMs + fhirMs;
  const round = (n: number) => Math.round(n * 10) / 10;
  const MB = (n: number) => Math.round(n / 1048576);
  const exportPeak = { rss: MB(peakRss), heapUsed: MB(peakHeap) };

  // The download path, its peak measured apart: the month's rows are held (as the server holds them after the query), the file never is.
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  peakRss = 0;
  peakHeap = 0;
  sample();
  const rowsFromJsonMs = rowsFromJson(rows);
  const scope = { programId: 'p1', period: '2025-03' };
  const dl = {
    csv: await download(rows, 'csv', scope),
    fhir: await download(rows, 'fhir', scope),
  };
  const dlJson = (d: typeof dl.csv) => ({
    verifyMs: round(d.verifyMs),
    writeMs: round(d.writeMs),
    totalMs: round(d.verifyMs + d.writeMs),
    bytes: d.bytes,
    writes: d.writes,
  });
  const report = {
    benchmark: 'billing month: code + export',
    consults: CONSULTS,
    ledgerEntries,
    callEvents,
    lines: lineCount,
    notes,
    linesByStatus: byStatus,
    linesByCode: byCode,
    exportedLines: rows.length,
    csvBytes,
    fhirBytes,
    ms: {
      generateData: round(generateMs),
      baselinePlainPass: round(baselineMs),
      compute: round(computeMs),
      exportCsv: round(csvMs),
      exportFhir: round(fhirMs),
      computeAndExport: round(totalMs),
    },
    baselineMinutesChecksum: baselineMinutes,
    ratioComputeToBaseline: round(computeMs / baselineMs),
    ratioTotalToBaseline: round(totalMs / baselineMs),
    targetMs: 10_000,
    meetsTarget: totalMs < 10_000,
    loadAverage: require('node:os')
      .loadavg()
      .map((n: number) => round(n)),
    peakMemoryMB: exportPeak,
    download: {
      measures:
        'GET /api/billing/exports/:id/file without the database: rows from JSON, then per format sort + hash check, then streamed write to a counting sink',
      rowsFromJsonMs: round(rowsFromJsonMs),
      csv: dlJson(dl.csv),
      fhir: dlJson(dl.fhir),
      heapBeforeMB: MB(heapBefore),
      peakMemoryMB: { rss: MB(peakRss), heapUsed: MB(peakHeap) },
    },
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
