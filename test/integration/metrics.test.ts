import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RunningServer } from '../../server/main';
import type { Socket } from 'socket.io-client';
import { acceptedConsult } from '../support/consult-fixtures';
import { connectSocket, connected, request } from '../support/socket-client';
import { api, login } from '../support/test-server';
import {
  psychiatrist,
  requestConsult,
  setQueueSettings,
  startQueueServer,
  type Psych,
} from './queue-kit';

const TOKEN = 'metrics-token-for-tests-0123456789';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Every label value in a Prometheus text exposition. */
function labelValues(text: string): string[] {
  const values: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const labels = /\{(.*)\}/.exec(line)?.[1];
    if (!labels) continue;
    for (const m of labels.matchAll(/[a-zA-Z_]+="((?:[^"\\]|\\.)*)"/g))
      values.push(m[1]!);
  }
  return values;
}

describe('/metrics', () => {
  let server: RunningServer;
  const open: Psych[] = [];
  beforeAll(async () => {
    server = await startQueueServer({
      env: { METRICS_TOKEN: TOKEN, METRICS_PORT: '0' },
    });
    await setQueueSettings(server, { offerTimeoutSeconds: 1 });
  }, 120_000);
  afterAll(async () => {
    for (const p of open) p.close();
    await server?.close();
  });

  const scrape = async () => {
    const res = await fetch(`${server.url}/metrics`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    return res.text();
  };

  it('refuses the API port without the token, and serves the metrics port without one', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${server.url}/metrics`, {
      headers: { authorization: `Bearer ${TOKEN.replace('0', '1')}` },
    });
    expect(wrong.status).toBe(401);
    expect(server.metricsPort).not.toBeNull();
    const own = await fetch(`http://127.0.0.1:${server.metricsPort}/metrics`);
    expect(own.status).toBe(200);
    expect(await own.text()).toContain('nodejs_eventloop_lag_seconds');
  });

  it('counts the queue, offers, presence, sockets, HTTP, database and event loop, with no person in a label', async () => {
    const pcp = await login(server.url, 'pcp@demo.test');
    const patients = await api(server.url, 'GET', '/api/patients', {
      token: pcp.token,
    });
    const patientId: string = patients.body.patients[0].id;
    await api(server.url, 'GET', `/api/patients/${patientId}`, {
      token: pcp.token,
    });
    // One psychiatrist lets an offer ring out, then declines another
    // request (the first is not offered to them again).
    const child = await psychiatrist(server.url, 'psych.child@demo.test');
    open.push(child);
    const wait = async (done: () => boolean) => {
      const deadline = Date.now() + 10_000;
      while (!done() && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      expect(done()).toBe(true);
    };
    const consult = await requestConsult(server.url, pcp.token);
    await wait(() => child.withdrawn.length === 1);
    expect(
      await request(child.socket, 'queue:set-availability', {
        status: 'available',
      }),
    ).toMatchObject({ ok: true });
    await requestConsult(server.url, pcp.token);
    await wait(() => child.offers.length === 2);
    expect(
      await request(child.socket, 'queue:decline', {
        offerId: child.offers[1]!.offerId,
      }),
    ).toMatchObject({ ok: true });

    const text = await scrape();
    const sample = (name: string, labels = '') =>
      Number(
        new RegExp(
          `^${name}${labels ? `\\{${labels}\\}` : ''} (\\S+)$`,
          'm',
        ).exec(text)?.[1] ?? Number.NaN,
      );
    expect(
      sample(
        'http_request_duration_seconds_count',
        'method="GET",route="/api/patients/:patientId",status="200"',
      ),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample('queue_submit_to_offer_seconds_count'),
    ).toBeGreaterThanOrEqual(2);
    expect(
      sample('queue_offers_closed_total', 'outcome="timed_out"'),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample('queue_offers_closed_total', 'outcome="declined"'),
    ).toBeGreaterThanOrEqual(1);
    expect(sample('sockets_connected', 'kind="psychiatrist"')).toBe(1);
    expect(text).toMatch(/^queue_length\{program="[^"]+",band="routine"\} 2$/m);
    expect(text).toMatch(/^psychiatrists\{program="[^"]+",availability="/m);
    expect(sample('calls_active')).toBe(0);
    expect(
      sample('db_query_duration_seconds_count', 'kind="query"'),
    ).toBeGreaterThan(0);
    expect(sample('db_pool_connections', 'state="total"')).toBeGreaterThan(0);
    expect(text).toContain('nodejs_eventloop_lag_p99_seconds');
    expect(text).toContain('# TYPE billing_recompute_seconds histogram');
    expect(text).toContain('# TYPE call_setup_seconds histogram');

    // No label names a person: every uuid in a label is a program's id.
    const { rows } = await server.services.db.query<{ id: string }>(
      'SELECT id::text FROM programs',
    );
    const programs = new Set(rows.map((r) => r.id));
    const uuids = labelValues(text).flatMap((v) => v.match(UUID) ?? []);
    expect(uuids.length).toBeGreaterThan(0);
    expect(uuids.filter((u) => !programs.has(u))).toEqual([]);
    for (const id of [
      patientId,
      pcp.user.id,
      child.session.user.id,
      consult.consult.id,
    ])
      expect(text).not.toContain(id);
  });

  it("counts each participant's ICE path once per call, with no id", async () => {
    const consult = await acceptedConsult(server.services.db);
    const sockets: Socket[] = [];
    const relayed = async () => {
      const text = await scrape();
      const n = (path: string) =>
        Number(
          new RegExp(
            `^call_media_paths_total\\{path="${path}"\\} (\\d+)`,
            'm',
          ).exec(text)?.[1] ?? 0,
        );
      return { relay: n('relay'), direct: n('direct') };
    };
    try {
      const before = await relayed();
      const joinAs = async (email: string) => {
        const s = connectSocket(
          server.url,
          (await login(server.url, email)).token,
        );
        sockets.push(s);
        await connected(s);
        const r = await request<{ call: { callId: string } }>(s, 'call:join', {
          consultId: consult.consultId,
          peerSession: `metrics-${email.replace(/\W/g, '-')}`,
        });
        if (!r.ok) throw new Error(`join refused: ${r.error.code}`);
        return { s, callId: r.data.call.callId };
      };
      const pcp = await joinAs('pcp@demo.test');
      const psy = await joinAs('psych.child@demo.test');
      // Not in the call: refused, not counted.
      const outsider = connectSocket(
        server.url,
        (await login(server.url, 'pcp2@demo.test')).token,
      );
      sockets.push(outsider);
      await connected(outsider);
      const refusedReport = await request(outsider, 'call:ice-path', {
        callId: pcp.callId,
        relay: true,
      });
      expect(refusedReport.ok).toBe(false);
      // The PCP's page reports twice (a reload): counted once.
      for (let i = 0; i < 2; i++)
        expect(
          await request(pcp.s, 'call:ice-path', {
            callId: pcp.callId,
            relay: true,
          }),
        ).toMatchObject({ ok: true });
      expect(
        await request(psy.s, 'call:ice-path', {
          callId: psy.callId,
          relay: false,
        }),
      ).toMatchObject({ ok: true });
      expect(await relayed()).toEqual({
        relay: before.relay + 1,
        direct: before.direct + 1,
      });
      const text = await scrape();
      for (const id of [pcp.callId, consult.consultId, consult.pcpId])
        expect(text).not.toContain(id);
    } finally {
      for (const s of sockets) s.close();
    }
  });

  it('the provisioned Grafana dashboard asks only for metrics the server exposes', async () => {
    const text = await scrape();
    const exposed = new Set(
      [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].flatMap(([, name, type]) =>
        type === 'histogram'
          ? [`${name}_bucket`, `${name}_count`, `${name}_sum`]
          : [name!],
      ),
    );
    const dashboard = JSON.parse(
      readFileSync(
        path.join(
          __dirname,
          '../../deploy/grafana/dashboards/psych-access.json',
        ),
        'utf8',
      ),
    );
    const asked = new Set<string>();
    for (const panel of dashboard.panels)
      for (const t of panel.targets)
        for (const m of (t.expr as string).matchAll(
          /\b([a-z_]+(?:_seconds|_total|_bucket|_count|length|psychiatrists|_connected|_active|_connections|_flight)[a-z_]*)\b/g,
        ))
          asked.add(m[1]!);
    expect(asked.size).toBeGreaterThan(10);
    expect([...asked].filter((n) => !exposed.has(n))).toEqual([]);
  });
});
