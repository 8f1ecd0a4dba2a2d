import { request } from 'node:http';
import type { RunningServer } from '../../server/main';
import { api, login, startTestServer } from '../support/test-server';
import { consultForPatient, DEMO_ADULT } from '../support/visit-fixtures';

/** POST JSON with a chosen Host header (fetch will not send a forged one). */
function postWithHost(
  baseUrl: string,
  path: string,
  host: string,
  token: string,
  body: unknown,
): Promise<{ status: number; body: any }> {
  const u = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path,
        method: 'POST',
        headers: {
          host,
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, body: JSON.parse(text) }),
        );
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

async function inviteWithHost(server: RunningServer, host: string) {
  const consult = await consultForPatient(server.services.db, DEMO_ADULT);
  const psy = await login(server.url, 'psych.child@demo.test');
  const visit = await postWithHost(
    server.url,
    `/api/consults/${consult.consultId}/visits`,
    host,
    psy.token,
    {},
  );
  expect(visit.status).toBe(201);
  return postWithHost(
    server.url,
    `/api/visits/${visit.body.id}/participants`,
    host,
    psy.token,
    { role: 'patient', displayName: 'Lena Novak' },
  );
}

describe('invite links are built from configuration only', () => {
  it('ignores a forged Host header (development: the listening address)', async () => {
    const server = await startTestServer();
    try {
      const inv = await inviteWithHost(server, 'evil.example');
      expect(inv.status).toBe(201);
      expect(inv.body.url).not.toContain('evil.example');
      expect(inv.body.url.startsWith(`${server.url}/visit/join#t=`)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('uses PUBLIC_URL when set, and sends HSTS when it is https', async () => {
    const server = await startTestServer({
      env: { PUBLIC_URL: 'https://visits.example.org/' },
    });
    try {
      const inv = await inviteWithHost(server, 'evil.example');
      expect(inv.body.url).toMatch(
        /^https:\/\/visits\.example\.org\/visit\/join#t=/,
      );
      // Served behind https: every response pins it (HSTS), the app too.
      for (const path of ['/api/healthz', '/visit/join']) {
        const r = await api(server.url, 'GET', path);
        expect(r.headers.get('strict-transport-security')).toMatch(
          /^max-age=\d{7,}; includeSubDomains$/,
        );
      }
    } finally {
      await server.close();
    }
  });

  it('refuses to mint a link in production without PUBLIC_URL', async () => {
    const server = await startTestServer({ env: { NODE_ENV: 'production' } });
    try {
      const inv = await inviteWithHost(server, 'evil.example');
      expect(inv.status).toBe(503);
      expect(inv.body.error.code).toBe('public_url_missing');
    } finally {
      await server.close();
    }
  });
});
