import type { Clock } from '../../server/clock';
import { api, login, type Session } from './test-server';

/** The demo care team: treating PCP, care manager, psychiatric consultant. */
export interface CareTeam {
  pcp: Session;
  pcp2: Session;
  careManager: Session;
  consultant: Session;
  coordinator: Session;
  biller: Session;
}

export async function demoCareTeam(url: string): Promise<CareTeam> {
  const [pcp, pcp2, careManager, consultant, coordinator, biller] =
    await Promise.all(
      [
        'pcp@demo.test',
        'pcp2@demo.test',
        'care.manager@demo.test',
        'psych.child@demo.test',
        'coordinator@demo.test',
        'biller@demo.test',
      ].map((e) => login(url, e)),
    );
  return {
    pcp,
    pcp2,
    careManager,
    consultant,
    coordinator,
    biller,
  } as CareTeam;
}

/** The demo practice's patients, by given name. */
export async function demoPatients(
  url: string,
  team: CareTeam,
): Promise<Record<string, string>> {
  const res = await api<{ patients: { id: string; givenName: string }[] }>(
    url,
    'GET',
    '/api/patients',
    { token: team.pcp.token },
  );
  return Object.fromEntries(res.body.patients.map((p) => [p.givenName, p.id]));
}

/** Enrolls a patient in CoCM with the demo care team (as the care manager). */
export function enroll(
  url: string,
  team: CareTeam,
  patientId: string,
  startDate: string,
  kind: 'cocm' | 'bhi' = 'cocm',
) {
  return api(url, 'POST', '/api/registry/enrollments', {
    token: team.careManager.token,
    body: {
      patientId,
      kind,
      startDate,
      pcpId: team.pcp.user.id,
      careManagerId: team.careManager.user.id,
      consultantId: team.consultant.user.id,
    },
  });
}

/**
 * Enrolls a patient in CoCM from `startDate` and adds a Medicare coverage
 * from the same day (entered by the coordinator), so their months code.
 * Returns both replies' statuses for the caller to assert.
 */
export async function enrollOnMedicare(
  url: string,
  team: CareTeam,
  patientId: string,
  startDate: string,
): Promise<{ enrolled: number; covered: number }> {
  const enrolled = (await enroll(url, team, patientId, startDate)).status;
  const covered = (
    await api(url, 'POST', `/api/patients/${patientId}/coverages`, {
      token: team.coordinator.token,
      body: { payer: 'medicare', effectiveFrom: startDate },
    })
  ).status;
  return { enrolled, covered };
}

/**
 * The demo patient Lena, enrolled in CoCM on Medicare from 70 days before
 * the server's `nowMs`: where the registry tests start. Throws (failing the
 * suite's set-up) if either reply is not 201.
 */
export async function enrolledLena(
  url: string,
  team: CareTeam,
  nowMs: number,
): Promise<string> {
  const patientId = (await demoPatients(url, team)).Lena!;
  const started = new Date(nowMs - 70 * 86_400_000).toISOString().slice(0, 10);
  const replies = await enrollOnMedicare(url, team, patientId, started);
  if (replies.enrolled !== 201 || replies.covered !== 201)
    throw new Error(`enrolling Lena answered ${JSON.stringify(replies)}`);
  return patientId;
}

/**
 * A server clock running on from the middle of a month (2026-11-17 17:00
 * UTC): contacts dated minutes or days back stay in the month whatever the
 * real date (on the real clock they fell in the previous month in a
 * month's first hours).
 */
export function midMonthClock() {
  const now = Date.parse('2026-11-17T17:00:00Z');
  const offset = now - Date.now();
  const clock: Clock = { now: () => new Date(Date.now() + offset) };
  const minutesAgo = (m: number) => new Date(now - m * 60_000).toISOString();
  return { now, clock, minutesAgo };
}
