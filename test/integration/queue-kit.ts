import type {
  OfferEvent,
  OfferWithdrawnEvent,
} from '../../signaling/protocol/queue-events';
import type { Socket } from 'socket.io-client';
import { hashPassword } from '../../server/auth/passwords';
import type { RunningServer } from '../../server/main';
import type { QueueSettingsPatch } from '../../server/programs/program-settings';
import { DEMO_PASSWORD } from '../../server/seed';
import {
  connectSocket,
  connected,
  nextEvent,
  request,
} from '../support/socket-client';
import {
  api,
  login,
  startTestServer,
  type Session,
  type TestServerOptions,
} from '../support/test-server';

/** Short timers so queue tests run in seconds; events are awaited, never slept on. */
export const FAST_QUEUE_ENV = {
  QUEUE_SWEEP_MS: '100',
  QUEUE_PRESENCE_GRACE_MS: '400',
};

export function startQueueServer(
  o: TestServerOptions = {},
): Promise<RunningServer> {
  return startTestServer({ ...o, env: { ...FAST_QUEUE_ENV, ...o.env } });
}

export async function demoProgramId(server: RunningServer): Promise<string> {
  const { rows } = await server.services.db.query<{ id: string }>(
    `SELECT id FROM programs WHERE name = 'Demo Child Psychiatry Access Program'`,
  );
  return rows[0]!.id;
}

export async function setQueueSettings(
  server: RunningServer,
  patch: QueueSettingsPatch,
): Promise<void> {
  await server.services.programs.updateQueue(
    await demoProgramId(server),
    patch,
  );
}

export interface Psych {
  session: Session;
  socket: Socket;
  /** Every offer event received, in order. */
  offers: OfferEvent[];
  withdrawn: OfferWithdrawnEvent[];
  close(): void;
}

/** A psychiatrist signed in with a live socket, set available unless told otherwise. */
export async function psychiatrist(
  url: string,
  email: string,
  opts: { available?: boolean; session?: Session } = {},
): Promise<Psych> {
  const session = opts.session ?? (await login(url, email));
  const socket = connectSocket(url, session.token);
  const offers: OfferEvent[] = [];
  const withdrawn: OfferWithdrawnEvent[] = [];
  socket.on('queue:offer', (o) => offers.push(o));
  socket.on('queue:offer-withdrawn', (o) => withdrawn.push(o));
  const ready = nextEvent(
    socket,
    'queue:availability',
    5000,
    (e: { reason: string }) => e.reason === 'connected',
  );
  await connected(socket);
  await ready;
  if (opts.available !== false) {
    const r = await request(socket, 'queue:set-availability', {
      status: 'available',
    });
    if (!r.ok)
      throw new Error(`set-availability failed: ${JSON.stringify(r.error)}`);
  }
  return { session, socket, offers, withdrawn, close: () => socket.close() };
}

export const consultBody = (over: Record<string, unknown> = {}) => ({
  patient: {
    givenName: 'Test',
    familyName: 'Patient',
    birthDate: '2012-05-01',
    sex: 'female',
    state: 'MA',
  },
  consultType: 'clinician_consult',
  reasonCategories: ['medication'],
  clinicalQuestion: 'Dose question about sertraline.',
  specialty: 'child_adolescent',
  callback: { method: 'video' },
  ...over,
});

export async function requestConsult(
  url: string,
  token: string,
  over: Record<string, unknown> = {},
): Promise<any> {
  const res = await api(url, 'POST', '/api/consults', {
    token,
    body: consultBody(over),
  });
  if (res.status !== 201 && res.status !== 200)
    throw new Error(
      `consult request failed: ${res.status} ${JSON.stringify(res.body)}`,
    );
  return res.body;
}

let cachedHash: Promise<string> | null = null;

/** Extra psychiatrists in the demo program (for races and benchmarks); all use the demo password. */
export async function addPsychiatrists(
  server: RunningServer,
  n: number,
  profile: {
    specialties?: string[];
    states?: string[];
    languages?: string[];
    tag?: string;
  } = {},
): Promise<string[]> {
  cachedHash ??= hashPassword(DEMO_PASSWORD);
  const hash = await cachedHash;
  const programId = await demoProgramId(server);
  const emails: string[] = [];
  const tag = profile.tag ?? Math.random().toString(36).slice(2, 8);
  for (let i = 0; i < n; i++) {
    const email = `psych-${tag}-${i}@load.test`;
    await server.services.db.query(
      `INSERT INTO users (program_id, email, password_hash, role, display_name, specialties, licensed_states, languages)
       VALUES ($1, $2, $3, 'psychiatrist', $4, $5, $6, $7)`,
      [
        programId,
        email,
        hash,
        `Dr. Load ${i}`,
        profile.specialties ?? ['child_adolescent', 'adult'],
        profile.states ?? ['MA'],
        profile.languages ?? ['en'],
      ],
    );
    emails.push(email);
  }
  return emails;
}

export { eventually } from '../support/eventually';
