import type { RunningServer } from '../../server/main';
import { loadWorkers } from '../../server/queue/worker-availability-repository';
import { userIdByEmail } from '../support/consult-fixtures';
import { connectSocket, connected, nextEvent } from '../support/socket-client';
import {
  api,
  login,
  startTestServer,
  type Session,
} from '../support/test-server';

describe('program administration: practices, invitations, deactivation, licenses', () => {
  let server: RunningServer;
  let admin: Session;

  beforeAll(async () => {
    server = await startTestServer();
    admin = await login(server.url, 'admin@demo.test');
  }, 120_000);
  afterAll(() => server?.close());

  const enrol = (body: Record<string, unknown>) =>
    api(server.url, 'POST', '/api/admin/practices', {
      token: admin.token,
      body: {
        name: 'Hilltown Family Health',
        address: '1 Main St, Hilltown',
        state: 'MA',
        rural: true,
        ruralBasis: 'RUCA 7.0',
        enrolledOn: '2026-01-05',
        ...body,
      },
    });

  it('enrols a practice and refuses a withdrawal before enrolment', async () => {
    const bad = await enrol({ withdrawnOn: '2025-12-31' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('withdrawnOn');
    const made = await enrol({});
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      rural: true,
      ruralBasis: 'RUCA 7.0',
      enrolledOn: '2026-01-05',
      withdrawnOn: null,
    });
    const list = await api(server.url, 'GET', '/api/admin/practices', {
      token: admin.token,
    });
    expect(list.body.practices.map((p: { id: string }) => p.id)).toContain(
      made.body.id,
    );
  });

  it('invites a PCP who sets a password with the link once, then signs in', async () => {
    const practice = (await enrol({ name: 'Invite Pediatrics' })).body;
    const invited = await api(server.url, 'POST', '/api/admin/users', {
      token: admin.token,
      body: {
        email: 'new.pcp@demo.test',
        displayName: 'Dr New',
        role: 'pcp',
        practiceId: practice.id,
        npi: '1234567893',
        languages: ['en', 'es'],
      },
    });
    expect(invited.status).toBe(201);
    expect(invited.body.user).toMatchObject({ pending: true, active: true });
    const token = new URL(invited.body.inviteUrl).pathname.split('/').at(-1);
    // Not before the password is set.
    expect(
      (
        await api(server.url, 'POST', '/api/auth/login', {
          body: { email: 'new.pcp@demo.test', password: '!invited' },
        })
      ).status,
    ).toBe(401);
    const accept = (password: string) =>
      api(server.url, 'POST', '/api/invitations/accept', {
        body: { token, password },
      });
    expect((await accept('short')).status).toBe(400);
    expect((await accept('a-long-enough-password')).status).toBe(200);
    expect((await accept('another-long-password')).status).toBe(404);
    const s = await login(
      server.url,
      'new.pcp@demo.test',
      'a-long-enough-password',
    );
    expect(s.token).toBeTruthy();
    const dup = await api(server.url, 'POST', '/api/admin/users', {
      token: admin.token,
      body: {
        email: 'NEW.pcp@demo.test',
        displayName: 'Again',
        role: 'coordinator',
      },
    });
    expect(dup.status).toBe(400);
  });

  it('deactivating a user ends their sessions and sockets at once', async () => {
    const pcp2 = await login(server.url, 'pcp2@demo.test');
    const sock = connectSocket(server.url, pcp2.token);
    await connected(sock);
    try {
      const ended = nextEvent(sock, 'session:ended');
      const id = await userIdByEmail(server.services.db, 'pcp2@demo.test');
      const r = await api(
        server.url,
        'POST',
        `/api/admin/users/${id}/deactivate`,
        { token: admin.token },
      );
      expect(r.status).toBe(200);
      expect(r.body.active).toBe(false);
      expect(await ended).toEqual({ reason: 'logout' });
    } finally {
      sock.close();
    }
    expect(
      (await api(server.url, 'GET', '/api/consults', { token: pcp2.token }))
        .status,
    ).toBe(401);
    expect(
      (
        await api(server.url, 'POST', '/api/auth/refresh', {
          body: { refreshToken: pcp2.refreshToken },
        })
      ).status,
    ).toBe(401);
  });

  it('gives routing the end of each license: local midnight after its expiry date', async () => {
    const id = await userIdByEmail(server.services.db, 'psych.child@demo.test');
    const r = await api(server.url, 'PUT', `/api/admin/users/${id}`, {
      token: admin.token,
      body: {
        licenses: [
          { state: 'MA', expiresOn: '2026-11-14' },
          { state: 'NH', expiresOn: null },
        ],
      },
    });
    expect(r.status).toBe(200);
    expect(r.body.licenses).toEqual([
      { state: 'MA', expiresOn: '2026-11-14' },
      { state: 'NH', expiresOn: null },
    ]);
    const [w] = await loadWorkers(server.services.db, { userId: id });
    expect(w!.licensedStates).toEqual(['MA', 'NH']);
    // New York is UTC-5 on 15 November.
    expect(w!.licenseEndsMs).toEqual({
      MA: Date.parse('2026-11-15T05:00:00Z'),
    });
  });
});
