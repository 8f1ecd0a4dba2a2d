import type { Socket } from 'socket.io-client';
import type { RunningServer } from '../../server/main';
import { freshPostgresUrl } from '../support/databases';
import { eventually } from '../support/eventually';
import { connected, connectSocket, nextEvent } from '../support/socket-client';
import { api, login, startTestServer } from '../support/test-server';

/**
 * The safety loop end to end on real PostgreSQL and real sockets: a
 * positive item opens an alert in the assessment's statement, pushed to the
 * ordering PCP and the coordinators within 2 s; acknowledgement records who
 * and what, clears it for both and cannot be repeated or deleted; an
 * unacknowledged alert escalates exactly once, after a restart, with two
 * instances sweeping the same database.
 */
describe('safety alerts', () => {
  const sockets: Socket[] = [];
  const servers: RunningServer[] = [];
  let databaseUrl: string;
  const env = { SAFETY_ALERT_SWEEP_MS: '100' };
  let patientId: string;
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    for (const s of servers) await s.close();
  });

  const start = async () => {
    const s = await startTestServer({ databaseUrl, env, redis: true });
    servers.push(s);
    return s;
  };
  const socketFor = async (url: string, token: string) => {
    const s = connectSocket(url, token);
    sockets.push(s);
    await connected(s);
    return s;
  };
  const phqa = (item9: number) => ({
    instrument: 'phqa',
    items: [1, 1, 0, 0, 0, 0, 0, 0, item9, 0, 0, 0, 0],
    answeredBy: 'patient',
  });

  it('pushes a positive item 9 to the PCP and coordinators, and acknowledgement clears both', async () => {
    databaseUrl = await freshPostgresUrl();
    const a = await start();
    const pcp = await login(a.url, 'pcp@demo.test');
    const coord = await login(a.url, 'coordinator@demo.test');
    const pcp2 = await login(a.url, 'pcp2@demo.test');
    patientId = (
      await a.services.db.query<{ id: string }>(
        `SELECT id FROM patients WHERE given_name = 'Ethan'`,
      )
    ).rows[0]!.id;
    const pcpSocket = await socketFor(a.url, pcp.token);
    const coordSocket = await socketFor(a.url, coord.token);

    const negative = await api(
      a.url,
      'POST',
      `/api/patients/${patientId}/assessments`,
      { token: pcp.token, body: phqa(0) },
    );
    expect(negative.status).toBe(201);
    const none = await api(a.url, 'GET', '/api/safety-alerts', {
      token: pcp.token,
    });
    expect(none.body.alerts).toEqual([]);

    const sent = Date.now();
    const toPcp = nextEvent(pcpSocket, 'screening:alert-opened', 2000);
    const toCoord = nextEvent(coordSocket, 'screening:alert-opened', 2000);
    const positive = await api(
      a.url,
      'POST',
      `/api/patients/${patientId}/assessments`,
      { token: pcp.token, body: phqa(1) },
    );
    expect(positive.status).toBe(201);
    const [p1, p2] = await Promise.all([toPcp, toCoord]);
    expect(Date.now() - sent).toBeLessThan(2000);
    expect(p1).toEqual(p2);

    const forPcp = await api(a.url, 'GET', '/api/safety-alerts', {
      token: pcp.token,
    });
    expect(forPcp.body.alerts).toHaveLength(1);
    const alert = forPcp.body.alerts[0];
    expect(alert).toMatchObject({
      id: p1.alertId,
      assessmentId: positive.body.id,
      patientInitials: 'EB',
      acknowledgement: null,
      escalatedAt: null,
    });
    expect(alert.reasons[0]).toContain('item 9');
    const forCoord = await api(a.url, 'GET', '/api/safety-alerts', {
      token: coord.token,
    });
    expect(forCoord.body.alerts.map((x: { id: string }) => x.id)).toEqual([
      alert.id,
    ]);
    const forOther = await api(a.url, 'GET', '/api/safety-alerts', {
      token: pcp2.token,
    });
    expect(forOther.body.alerts).toEqual([]);

    const missingNote = await api(
      a.url,
      'POST',
      `/api/safety-alerts/${alert.id}/acknowledgement`,
      { token: coord.token, body: { action: 'other' } },
    );
    expect(missingNote.status).toBe(400);
    const ackToPcp = nextEvent(pcpSocket, 'screening:alert-acknowledged');
    const ackToCoord = nextEvent(coordSocket, 'screening:alert-acknowledged');
    const ack = await api(
      a.url,
      'POST',
      `/api/safety-alerts/${alert.id}/acknowledgement`,
      { token: pcp.token, body: { action: 'safety_plan' } },
    );
    expect(ack.status).toBe(200);
    expect(ack.body.acknowledgement).toMatchObject({
      by: pcp.user.id,
      action: 'safety_plan',
    });
    await Promise.all([ackToPcp, ackToCoord]);
    for (const token of [pcp.token, coord.token]) {
      const open = await api(a.url, 'GET', '/api/safety-alerts', { token });
      expect(open.body.alerts).toEqual([]);
    }
    const again = await api(
      a.url,
      'POST',
      `/api/safety-alerts/${alert.id}/acknowledgement`,
      { token: coord.token, body: { action: 'ed_referral' } },
    );
    expect(again.status).toBe(409);
    await expect(
      a.services.db.query(
        'DELETE FROM safety_alert_acknowledgements WHERE alert_id = $1',
        [alert.id],
      ),
    ).rejects.toThrow(/append-only/);
    const audited = await a.services.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log
        WHERE action = 'safety_alert.acknowledge' AND resource_id = $1`,
      [alert.id],
    );
    expect(audited.rows[0]!.n).toBe(1);
  }, 120_000);

  it('escalates once after the program time, across a restart and two sweeping instances', async () => {
    const a = servers[0]!;
    const admin = await login(a.url, 'admin@demo.test');
    const set = await api(a.url, 'PUT', '/api/screening/settings', {
      token: admin.token,
      body: { escalationMinutes: 0.1 },
    });
    expect(set.body).toEqual({ escalationMinutes: 0.1 });
    const pcp = await login(a.url, 'pcp@demo.test');
    const opened = await api(
      a.url,
      'POST',
      `/api/patients/${patientId}/assessments`,
      { token: pcp.token, body: phqa(2) },
    );
    expect(opened.status).toBe(201);
    // The instance that opened it goes away before it is due.
    await a.close();
    servers.shift();
    const b = await start();
    const c = await start();
    const coord = await login(b.url, 'coordinator@demo.test');
    const coordSocket = await socketFor(b.url, coord.token);
    const escalated = await nextEvent(
      coordSocket,
      'screening:alert-escalated',
      15_000,
    );
    const open = await api(b.url, 'GET', '/api/safety-alerts', {
      token: coord.token,
    });
    const alert = open.body.alerts.find(
      (x: { id: string }) => x.id === escalated.alertId,
    );
    expect(alert.assessmentId).toBe(opened.body.id);
    const openedAt = Date.parse(alert.openedAt);
    expect(Date.parse(alert.escalatedAt) - openedAt).toBeGreaterThanOrEqual(
      6000,
    );
    // Both instances swept for a while longer: still one escalation.
    await new Promise((r) => setTimeout(r, 500));
    const rows = await c.services.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log
        WHERE action = 'safety_alert.escalate' AND resource_id = $1`,
      [alert.id],
    );
    expect(rows.rows[0]!.n).toBe(1);
    await eventually(async () => {
      const r = await c.services.db.query(
        'SELECT 1 FROM safety_alert_escalations WHERE alert_id = $1',
        [alert.id],
      );
      return r.rows.length === 1;
    });
  }, 120_000);

  it('requests an urgent consult in one click with the assessment attached', async () => {
    const b = servers[0]!;
    const pcp = await login(b.url, 'pcp@demo.test');
    const opened = await api(
      b.url,
      'POST',
      `/api/patients/${patientId}/assessments`,
      { token: pcp.token, body: phqa(1) },
    );
    const open = await api(b.url, 'GET', '/api/safety-alerts', {
      token: pcp.token,
    });
    const alert = open.body.alerts.find(
      (x: { assessmentId: string }) => x.assessmentId === opened.body.id,
    );
    const first = await api(
      b.url,
      'POST',
      `/api/safety-alerts/${alert.id}/consult`,
      { token: pcp.token },
    );
    expect(first.status).toBe(201);
    const again = await api(
      b.url,
      'POST',
      `/api/safety-alerts/${alert.id}/consult`,
      { token: pcp.token },
    );
    expect(again.body.consultId).toBe(first.body.consultId);
    const consult = await api(
      b.url,
      'GET',
      `/api/consults/${first.body.consultId}`,
      { token: pcp.token },
    );
    expect(consult.body.consult).toMatchObject({
      urgency: 'urgent',
      assessmentId: opened.body.id,
      reasonCategories: ['safety'],
    });
    const history = await api(
      b.url,
      'GET',
      `/api/patients/${patientId}/safety-alerts`,
      { token: pcp.token },
    );
    const acked = history.body.alerts.find(
      (x: { id: string }) => x.id === alert.id,
    );
    expect(acked.acknowledgement).toMatchObject({
      action: 'consult_requested',
      consultId: first.body.consultId,
    });
  }, 60_000);
});
