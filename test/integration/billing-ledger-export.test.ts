import type { BillingLineJson } from '../../server/billing/billing-json';
import type { TimeEntryJson } from '../../server/billing/ledger-routes';
import { createHash } from 'node:crypto';
import { ServerResponse } from 'node:http';
import type { RunningServer } from '../../server/main';
import {
  billingConsult,
  insertCall,
  signedReport,
  type BillingConsult,
} from '../support/billing-fixtures';
import { STORE_KINDS } from '../support/databases';
import { fhirValidator } from '../support/fhir-validator';
import {
  api,
  login,
  startTestServer,
  type ErrorReply,
  type Session,
} from '../support/test-server';

/** Server time the test moves by hand: windows of 14 days pass in a line. */
const clock = {
  t: Date.parse('2025-05-13T14:00:00Z'),
  now() {
    return new Date(this.t);
  },
};
const REQUESTED = new Date('2025-05-12T14:00:00Z'); // 10:00 Eastern
let validateBundle: ReturnType<typeof fhirValidator> | null = null;

describe.each(STORE_KINDS)(
  'time ledger, billing lines and exports on %s',
  (store) => {
    let server: RunningServer;
    let c: BillingConsult;
    let biller: Session, pcp: Session, psych: Session, admin: Session;
    const lines = async () =>
      (
        await api<{ lines: BillingLineJson[] }>(
          server.url,
          'GET',
          '/api/billing/lines?period=2025-05',
          { token: biller.token },
        )
      ).body.lines;
    const consultantLine = async () =>
      (await lines()).find(
        (l) => l.lineKey === `ip:${c.consultId}:consultant`,
      )!;
    const rules = (l: BillingLineJson) =>
      Object.fromEntries(l.reasons.map((r) => [r.rule, r.outcome]));

    beforeAll(async () => {
      // Access tokens are verified against real time: sign in at real time, then move server time to the scenario.
      clock.t = Date.now();
      server = await startTestServer({ store, clock });
      [biller, pcp, psych, admin] = (await Promise.all(
        [
          'biller@demo.test',
          'pcp@demo.test',
          'psych.child@demo.test',
          'admin@demo.test',
        ].map((e) => login(server.url, e)),
      )) as [Session, Session, Session, Session];
      clock.t = Date.parse('2025-05-13T14:00:00Z');
      c = await billingConsult(server.services.db, { requestedAt: REQUESTED });
      await insertCall(
        server.services.db,
        c,
        new Date('2025-05-12T14:10:00Z'),
        12,
      );
      await signedReport(
        server.services.db,
        c,
        new Date('2025-05-12T15:00:00Z'),
      );
    }, 120_000);
    afterAll(() => server?.close());

    it('derives 12 minutes of discussion from call events and blocks the line without consent', async () => {
      const r = await api(server.url, 'POST', '/api/billing/recompute', {
        token: biller.token,
        body: { period: '2025-05' },
      });
      expect(r.status).toBe(200);
      expect(r.body.written).toBeGreaterThan(0);
      const line = await consultantLine();
      expect(line).toMatchObject({
        code: '99447',
        minutes: 12,
        status: 'blocked',
        dateOfService: '2025-05-12',
        version: 1,
        billingClinicianId: c.psychiatristId,
        billingClinicianNpi: '1000000003',
      });
      expect(rules(line)).toMatchObject({
        'time.consultant': 'counted',
        'code.band': 'allowed',
        'report.signed': 'allowed',
        'consent.missing': 'blocked',
      });
      const time = await api(
        server.url,
        'GET',
        `/api/consults/${c.consultId}/time`,
        { token: psych.token },
      );
      expect(time.body.consultant).toMatchObject({
        clinicianId: c.psychiatristId,
        minutes: 12,
      });
    });

    it('releases the block when the PCP records verbal consent with the cost-sharing notice (held in the 14-day window)', async () => {
      const r = await api(
        server.url,
        'POST',
        `/api/patients/${c.patientId}/consents`,
        {
          token: pcp.token,
          body: {
            kind: 'interprofessional',
            consultId: c.consultId,
            givenBy: 'guardian',
            givenByName: 'Parent Name',
            guardianRelationship: 'mother',
            costSharingNoticeGiven: true,
            obtainedAt: '2025-05-12T13:30:00Z',
          },
        },
      );
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({
        kind: 'interprofessional',
        obtainedBy: pcp.user.id,
        costSharingNoticeGiven: true,
        withdrawnAt: null,
      });
      const line = await consultantLine();
      expect(line).toMatchObject({
        status: 'held',
        version: 2,
        consentId: r.body.id,
      });
      expect(rules(line)['encounter.follow_up_window_open']).toBe('held');
      const missing = await api<ErrorReply>(
        server.url,
        'POST',
        `/api/patients/${c.patientId}/consents`,
        {
          token: pcp.token,
          body: { kind: 'interprofessional', givenBy: 'guardian' },
        },
      );
      expect(missing.status).toBe(400);
      expect(missing.body.error.details?.map((d) => d.field)).toEqual(
        expect.arrayContaining(['costSharingNoticeGiven']),
      );
    });

    it('adds off-call time, never double counts, and corrects by superseding with a reason', async () => {
      const add = await api(
        server.url,
        'POST',
        `/api/consults/${c.consultId}/time`,
        {
          token: psych.token,
          body: {
            activity: 'chart_review',
            startedAt: '2025-05-12T14:15:00Z',
            endedAt: '2025-05-12T14:35:00Z',
          },
        },
      );
      expect(add.status).toBe(201);
      // 14:10-14:22 call + 14:15-14:35 review = 25 min, 12 of them discussion (48%): written-only 99451.
      expect(await consultantLine()).toMatchObject({
        code: '99451',
        minutes: 25,
        version: 3,
      });
      const wrongRole = await api(
        server.url,
        'POST',
        `/api/consults/${c.consultId}/time`,
        {
          token: psych.token,
          body: {
            activity: 'referral_prep',
            startedAt: '2025-05-12T15:00:00Z',
            minutes: 5,
          },
        },
      );
      expect(wrongRole.status).toBe(400);
      expect(wrongRole.body.error.details[0].field).toBe('activity');
      const future = await api(
        server.url,
        'POST',
        `/api/consults/${c.consultId}/time`,
        {
          token: psych.token,
          body: {
            activity: 'chart_review',
            startedAt: '2025-06-12T15:00:00Z',
            minutes: 5,
          },
        },
      );
      expect(future.body.error.details[0]).toEqual({
        field: 'startedAt',
        message: 'cannot be in the future',
      });

      const fix = await api(
        server.url,
        'POST',
        `/api/consults/${c.consultId}/time/${add.body.id}/corrections`,
        {
          token: psych.token,
          body: {
            reason: 'Review took 5 minutes, after the call',
            entry: {
              activity: 'chart_review',
              startedAt: '2025-05-12T14:30:00Z',
              endedAt: '2025-05-12T14:35:00Z',
            },
          },
        },
      );
      expect(fix.status).toBe(201);
      expect(fix.body).toMatchObject({
        supersedes: add.body.id,
        reason: 'Review took 5 minutes, after the call',
        enteredBy: psych.user.id,
      });
      expect(await consultantLine()).toMatchObject({
        code: '99447',
        minutes: 17,
        version: 4,
      });
      const twice = await api(
        server.url,
        'POST',
        `/api/consults/${c.consultId}/time/${add.body.id}/corrections`,
        { token: psych.token, body: { reason: 'again', void: true } },
      );
      expect(twice.body.error.code).toBe('entry_already_corrected');
      const notMine = await api(
        server.url,
        'POST',
        `/api/consults/${c.consultId}/time/${fix.body.id}/corrections`,
        { token: pcp.token, body: { reason: 'not mine', void: true } },
      );
      expect(notMine.status).toBe(403);
      const removed = await api(
        server.url,
        'POST',
        `/api/consults/${c.consultId}/time/${fix.body.id}/corrections`,
        {
          token: psych.token,
          body: { reason: 'Entered on the wrong consult', void: true },
        },
      );
      expect(removed.status).toBe(201);
      expect(await consultantLine()).toMatchObject({
        code: '99447',
        minutes: 12,
        version: 5,
      });
      const ledger = await api<{ entries: TimeEntryJson[] }>(
        server.url,
        'GET',
        `/api/consults/${c.consultId}/time`,
        { token: biller.token },
      );
      expect(ledger.body.entries).toHaveLength(3);
      expect(
        ledger.body.entries.find((e) => e.id === add.body.id)?.supersededBy,
      ).toBe(fix.body.id);
      expect(
        ledger.body.entries.find((e) => e.id === removed.body.id),
      ).toMatchObject({ voids: true, supersedes: fix.body.id });
    });

    it('refuses to change the ledger, lines or exports in place (append-only at the database)', async () => {
      for (const table of [
        'time_ledger_entries',
        'billing_lines',
        'patient_consents',
        'call_events',
      ]) {
        await expect(
          server.services.db.query(`UPDATE ${table} SET id = id`),
        ).rejects.toThrow(/append-only/);
        await expect(
          server.services.db.query(`DELETE FROM ${table}`),
        ).rejects.toThrow(/append-only/);
      }
    });

    it('marks the line ready once the 14-day follow-up window has passed', async () => {
      clock.t = Date.parse('2025-05-27T14:00:00Z'); // the window runs through May 26
      await api(server.url, 'POST', '/api/billing/recompute', {
        token: biller.token,
        body: { period: '2025-05' },
      });
      const line = await consultantLine();
      expect(line).toMatchObject({ status: 'ready', version: 6 });
      expect(rules(line)['encounter.follow_up']).toBe('allowed');
      const again = await api(server.url, 'POST', '/api/billing/recompute', {
        token: biller.token,
        body: { period: '2025-05' },
      });
      expect(again.body.written).toBe(0);
    });

    let firstCsv: { id: string; body: string };
    it('exports the period as CSV, reproducibly: re-exporting returns the same export and bytes', async () => {
      const first = await api(server.url, 'POST', '/api/billing/exports', {
        token: biller.token,
        body: { period: '2025-05', format: 'csv' },
      });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ lineCount: 1, reused: false });
      const file = await api(
        server.url,
        'GET',
        `/api/billing/exports/${first.body.id}/file`,
        { token: biller.token },
      );
      expect(file.headers.get('content-type')).toContain('text/csv');
      const [header, row] = String(file.body).trim().split('\r\n');
      expect(header).toBe(
        'program,billing_clinician,billing_clinician_npi,patient_id,date_of_service,code,units,modifiers,place_of_service,minutes,consent_reference,consult_id,payer,expected_fee_usd,line_key,line_version,action',
      );
      const cells = row!.split(',');
      expect(cells.slice(2)).toEqual([
        '1000000003',
        c.patientId,
        '2025-05-12',
        '99447',
        '1',
        '',
        '11',
        '12',
        expect.stringMatching(/^[0-9a-f-]{36}$/),
        c.consultId,
        'default',
        '33.85',
        `ip:${c.consultId}:consultant`,
        '6',
        'original',
      ]);
      const again = await api(server.url, 'POST', '/api/billing/exports', {
        token: biller.token,
        body: { period: '2025-05', format: 'csv' },
      });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({
        id: first.body.id,
        reused: true,
        sha256: first.body.sha256,
      });
      expect((await consultantLine()).status).toBe('exported');
      firstCsv = { id: first.body.id, body: String(file.body) };
    });

    it('exports FHIR R4 ChargeItems that validate against the official R4 schema', async () => {
      validateBundle ??= fhirValidator('Bundle', ['ChargeItem']);
      const exp = await api(server.url, 'POST', '/api/billing/exports', {
        token: biller.token,
        body: { period: '2025-05', format: 'fhir' },
      });
      const file = await api(
        server.url,
        'GET',
        `/api/billing/exports/${exp.body.id}/file`,
        { token: biller.token },
      );
      expect(file.headers.get('content-type')).toContain(
        'application/fhir+json',
      );
      const bundle =
        typeof file.body === 'string' ? JSON.parse(file.body) : file.body;
      expect(validateBundle(bundle)).toEqual([]);
      const item = bundle.entry[0].resource;
      expect(item).toMatchObject({
        resourceType: 'ChargeItem',
        status: 'billable',
        code: {
          coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '99447' }],
        },
        subject: { reference: `Patient/${c.patientId}` },
        occurrenceDateTime: '2025-05-12',
        quantity: { value: 1 },
        meta: { versionId: '6' },
      });
      expect(
        validateBundle({
          ...bundle,
          entry: [
            { ...bundle.entry[0], resource: { ...item, status: 'paid' } },
          ],
        }).length,
      ).toBeGreaterThan(0);
    }, 60_000);

    it('amends an exported line as a new version with a cancel row, leaving the old export byte for byte', async () => {
      const enc = await api(
        server.url,
        'POST',
        `/api/patients/${c.patientId}/encounters`,
        {
          token: psych.token,
          body: {
            kind: 'face_to_face',
            occurredOn: '2025-05-20',
            consultId: c.consultId,
          },
        },
      );
      expect(enc.status).toBe(201);
      const line = await consultantLine();
      expect(line).toMatchObject({ status: 'blocked', version: 7 });
      expect(rules(line)['encounter.follow_up']).toBe('blocked');
      const next = await api(server.url, 'POST', '/api/billing/exports', {
        token: biller.token,
        body: { period: '2025-05', format: 'csv' },
      });
      expect(next.status).toBe(201);
      expect(next.body.id).not.toBe(firstCsv.id);
      const file = await api(
        server.url,
        'GET',
        `/api/billing/exports/${next.body.id}/file`,
        { token: biller.token },
      );
      expect(String(file.body)).toMatch(/,7,cancel\r\n$/);
      const old = await api(
        server.url,
        'GET',
        `/api/billing/exports/${firstCsv.id}/file`,
        { token: biller.token },
      );
      expect(old.body).toBe(firstCsv.body);
      const history = await api<{ versions: BillingLineJson[] }>(
        server.url,
        'GET',
        `/api/billing/lines/history?lineKey=${encodeURIComponent(line.lineKey)}`,
        { token: admin.token },
      );
      expect(history.body.versions.map((v) => v.status)).toEqual([
        'blocked',
        'held',
        'held',
        'held',
        'held',
        'ready',
        'blocked',
      ]);
    });

    it('keeps billing to billers and admins, and audits reads', async () => {
      expect(
        (
          await api(server.url, 'GET', '/api/billing/lines?period=2025-05', {
            token: pcp.token,
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await api(server.url, 'GET', '/api/billing/lines?period=May', {
            token: biller.token,
          })
        ).body.error.details[0].field,
      ).toBe('period');
      const { rows } = await server.services.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'billing.lines.list' AND user_id = $1`,
        [biller.user.id],
      );
      expect(rows[0]!.n).toBeGreaterThan(3);
      const t = await server.services.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'time.correct' AND patient_id = $1`,
        [c.patientId],
      );
      expect(t.rows[0]!.n).toBe(2);
    });

    // A month's export runs to hundreds of megabytes: the download must stream, never be built whole.
    const BIG = 3000;
    const bigExports: Record<'csv' | 'fhir', { id: string; sha256: string }> =
      {} as never;
    /** Downloads as a client reads it: chunk by chunk, hashing as it goes. */
    async function download(id: string) {
      const res = await fetch(`${server.url}/api/billing/exports/${id}/file`, {
        headers: { authorization: `Bearer ${biller.token}` },
      });
      const hash = createHash('sha256');
      let bytes = 0;
      let reads = 0;
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        hash.update(chunk);
        bytes += chunk.length;
        reads++;
      }
      return { res, sha256: hash.digest('hex'), bytes, reads };
    }

    it('streams a large export in many writes, byte for byte what its hash says', async () => {
      // A month of ready lines (April: apart from the scenario above), written in one statement as saveLines would write them.
      await server.services.db.query(
        `WITH l AS (
         INSERT INTO billing_lines (line_key, version, program_id, patient_id, consult_id, code, units, billing_clinician_id, billing_clinician_npi, date_of_service,
           place_of_service, modifiers, minutes, status, reasons, consent_id, payer, fee_cents, content_hash, computed_at)
         SELECT 'big:' || lpad(i::text, 5, '0'), 1, $1, $2, NULL, (ARRAY['99446', '99447', '99448', '99449'])[i % 4 + 1], 1, $3, '1000000003', date '2025-04-01' + i % 30,
           '11', CASE WHEN i % 5 = 0 THEN '{95}'::text[] ELSE '{}' END, 5 + i % 30, 'ready', '[]', NULL, CASE WHEN i % 2 = 1 THEN 'medicare' ELSE 'default' END, 1884 + i, 'fixture', $4
           FROM generate_series(0, $5::int - 1) AS i
         RETURNING id, line_key, program_id, patient_id, date_of_service)
       INSERT INTO billing_line_current (line_key, line_id, program_id, patient_id, consult_id, date_of_service, status)
       SELECT line_key, id, program_id, patient_id, NULL, date_of_service, 'ready' FROM l ON CONFLICT (line_key) DO NOTHING`,
        [c.programId, c.patientId, c.psychiatristId, clock.now(), BIG],
      );
      const writes = jest.spyOn(ServerResponse.prototype, 'write');
      try {
        for (const format of ['csv', 'fhir'] as const) {
          const exp = await api(server.url, 'POST', '/api/billing/exports', {
            token: biller.token,
            body: { period: '2025-04', format },
          });
          expect(exp.body).toMatchObject({ lineCount: BIG });
          bigExports[format] = exp.body;
          writes.mockClear();
          const got = await download(exp.body.id);
          expect(got.res.status).toBe(200);
          expect(got.res.headers.get('content-type')).toContain(
            format === 'csv' ? 'text/csv' : 'application/fhir+json',
          );
          expect(got.res.headers.get('content-disposition')).toBe(
            `attachment; filename="billing-2025-04-${exp.body.id.slice(0, 8)}.${format === 'csv' ? 'csv' : 'json'}"`,
          );
          expect(got.sha256).toBe(exp.body.sha256);
          expect(got.bytes).toBe(Number(got.res.headers.get('content-length')));
          // Written chunk by chunk (res.send would have been one end()), and read in more than one piece.
          expect(writes.mock.calls.length).toBeGreaterThan(
            format === 'csv' ? 5 : 50,
          );
          expect(got.reads).toBeGreaterThan(1);
        }
      } finally {
        writes.mockRestore();
      }
      // A client that goes away mid-file stops the stream; the server carries on.
      const abort = new AbortController();
      const partial = await fetch(
        `${server.url}/api/billing/exports/${bigExports.fhir.id}/file`,
        {
          headers: { authorization: `Bearer ${biller.token}` },
          signal: abort.signal,
        },
      );
      await partial.body!.getReader().read();
      abort.abort();
      expect((await download(bigExports.csv.id)).sha256).toBe(
        bigExports.csv.sha256,
      );
      // The ETag still answers a conditional request, with no body (fetch would add no-cache without a cache-control of its own).
      const again = await fetch(
        `${server.url}/api/billing/exports/${bigExports.csv.id}/file`,
        {
          headers: {
            authorization: `Bearer ${biller.token}`,
            'if-none-match': `"${bigExports.csv.sha256}"`,
            'cache-control': 'max-age=0',
          },
        },
      );
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
    }, 60_000);

    it('refuses, with a JSON error and no partial file, an export whose recorded rows no longer give its hash', async () => {
      // The table is append-only, so tampering means an extra row recorded against the export.
      const { rows } = await server.services.db.query<{
        row: Record<string, unknown>;
      }>(`SELECT row FROM billing_export_lines WHERE export_id = $1 LIMIT 1`, [
        bigExports.csv.id,
      ]);
      const line = await consultantLine();
      await server.services.db.query(
        `INSERT INTO billing_export_lines (export_id, line_id, action, row) VALUES ($1, $2, 'original', $3::jsonb)`,
        [
          bigExports.csv.id,
          line.id,
          JSON.stringify({
            ...rows[0]!.row,
            lineId: line.id,
            lineKey: 'big:zz-extra',
          }),
        ],
      );
      const refused = await api(
        server.url,
        'GET',
        `/api/billing/exports/${bigExports.csv.id}/file`,
        { token: biller.token },
      );
      expect(refused.status).toBe(500);
      expect(refused.headers.get('content-type')).toContain('application/json');
      expect(refused.headers.get('content-disposition')).toBeNull();
      expect(refused.headers.get('etag')).not.toBe(
        `"${bigExports.csv.sha256}"`,
      );
      // The whole body is the error: not a byte of the file.
      expect(Object.keys(refused.body)).toEqual(['error']);
      expect(refused.body.error).toMatchObject({
        code: 'export_not_reproducible',
        message: expect.stringContaining('not sent'),
      });
      expect(JSON.stringify(refused.body)).not.toMatch(/\.ts:|big:|program,/);
      // The other export of that month is untouched and still downloads.
      expect((await download(bigExports.fhir.id)).sha256).toBe(
        bigExports.fhir.sha256,
      );
    });
  },
);
