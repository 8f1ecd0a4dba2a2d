import { econsultEvents } from '../../signaling/protocol/econsult-events';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BufferedLiveChannel } from '../../server/live/live-channel';
import { callPushes } from '../../signaling/protocol/call-events';
import { handoffEvents } from '../../signaling/protocol/handoff-events';
import { screeningEvents } from '../../signaling/protocol/screening-events';
import { msPushes } from '../../signaling/protocol/mediasoup-events';
import { serverPushes } from '../../signaling/protocol/pushes';
import { queueEvents } from '../../signaling/protocol/queue-events';
import { reportEvents } from '../../signaling/protocol/report-events';
import { sessionEvents } from '../../signaling/protocol/session-events';
import {
  AVAILABILITIES,
  CONSULT_STATUSES,
  REPORT_STATUSES,
  VISIT_PARTICIPANT_STATES,
  VISIT_STATUSES,
} from '../../signaling/protocol/statuses';
import { visitPushes } from '../../signaling/protocol/visit-events';

const ROOT = resolve(__dirname, '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

describe('the wire contract', () => {
  it('lists each feature push once: no two features push the same name', () => {
    const parts = [
      sessionEvents,
      queueEvents,
      callPushes,
      visitPushes,
      reportEvents,
      msPushes,
      handoffEvents,
      econsultEvents,
      screeningEvents,
    ];
    const names = parts.flatMap((p) => Object.keys(p));
    expect(new Set(names).size).toBe(names.length);
    expect(Object.keys(serverPushes).sort()).toEqual([...names].sort());
  });

  it('documents every push in signaling/EVENTS.md', () => {
    const catalogue = read('signaling/EVENTS.md');
    const missing = Object.keys(serverPushes).filter(
      (e) => !catalogue.includes(`\`${e}\``),
    );
    expect(missing).toEqual([]);
  });

  it('a push typed by its name is one its schema accepts', () => {
    const live = new BufferedLiveChannel();
    live.toUser('u1', 'queue:availability', {
      status: 'away',
      reason: 'missed_offer',
    });
    live.toRole('p1', ['coordinator', 'admin'], 'queue:emergency', {
      consultId: '00000000-0000-4000-8000-000000000001',
      crisisGuidance: 'Call 911.',
    });
    expect(live.sent.map((s) => s.target)).toEqual([
      'user:u1',
      'role:p1:coordinator',
      'role:p1:admin',
    ]);
    for (const s of live.sent)
      expect(serverPushes[s.event].safeParse(s.payload).success).toBe(true);
  });

  it('refuses, at compile time, an unknown event or a wrong payload', () => {
    const live = new BufferedLiveChannel();
    const send = () => {
      // @ts-expect-error not an event of the contract
      live.toUser('u1', 'queue:avalability', { status: 'away', reason: 'x' });
      live.toUser('u1', 'queue:availability', {
        // @ts-expect-error 'asleep' is not an availability
        status: 'asleep',
        reason: 'x',
      });
      live.toRoom('call:1', 'call:ended', {
        callId: '00000000-0000-4000-8000-000000000001',
        // @ts-expect-error not a call end reason
        reason: 'bored',
        endedBy: null,
      });
    };
    // Run as written, the sends still reach the buffer; only tsc refuses them.
    send();
    const valid = live.sent.map(
      (s) =>
        s.event in serverPushes &&
        serverPushes[s.event].safeParse(s.payload).success,
    );
    expect(valid).toEqual([false, false, false]);
  });

  // SQL cannot import the contract: its CHECK lists must match it by hand.
  it.each([
    ['110_econsults.sql', CONSULT_STATUSES],
    ['002_consults.sql', AVAILABILITIES],
    ['032_consult_reports.sql', REPORT_STATUSES],
    ['040_visits.sql', VISIT_STATUSES],
    ['040_visits.sql', VISIT_PARTICIPANT_STATES],
  ])('the database allows exactly the contract states (%s)', (file, states) => {
    const sql = read(`server/db/migrations/${file}`);
    const checks = [
      ...sql.matchAll(/CHECK \((?:status|state) IN \(([^)]*)\)/g),
    ].map((m) => [...m[1]!.matchAll(/'([^']+)'/g)].map((v) => v[1]));
    expect(checks).toContainEqual([...states]);
  });
});
