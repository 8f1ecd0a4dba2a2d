import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../../server/main';
import { mediaFlowsFrom, videosPlaying } from '../support/call-view-media';
import {
  DESKTOP,
  PHONE,
  collectPageErrors,
  checkInAtHome,
  launchChromium,
  newContext,
  screenshot,
  seriousA11yViolations,
  signIn,
} from '../support/client-pages';
import { api, login, startTestServer } from '../support/test-server';
import { answerSessionPhq9 } from '../support/session-screening';

/**
 * The warm handoff journey through the real web client (issue #17), one
 * server, four browser contexts: the PCP with the patient in the exam room
 * (one device), the behavioral health clinician, the patient's other device
 * at home (invite link), and a psychiatrist on duty the whole time. Needs
 * `npm run build:client` first (the server serves client/dist).
 *
 * A safety alert is open on the PCP's screen; "Warm handoff now" rings only
 * the BH clinician; the three-way call carries audio and video each way;
 * three sessions and a signed report reach the PCP live; the fourth session
 * is refused with the 409's sentence; stepping up rings the psychiatrist
 * with the episode's summary.
 */

const LIMIT_SENTENCE =
  'This episode has had its 3 sessions. Close it with an outcome and a report to the PCP, or step up to psychiatry.';

async function goOnDuty(page: Page, email: string): Promise<void> {
  await signIn(page, email);
  await page.getByRole('button', { name: 'Go on duty' }).click();
  await page
    .getByText('You are on duty and will be offered consults.')
    .waitFor();
}

/** One session through the BH clinician's form; waits for the count. */
async function recordSession(
  page: Page,
  n: number,
  o: { focus: string; phq9?: number; risk?: string },
): Promise<void> {
  await page.getByLabel('Focus').fill(o.focus);
  await page.getByLabel('Risk check').selectOption(o.risk ?? 'low');
  await answerSessionPhq9(page, o.phq9);
  await page.getByRole('button', { name: 'Save session' }).click();
  if (n <= 3)
    await page
      .getByRole('heading', { name: `Episode: ${n} of 3 sessions` })
      .waitFor();
}

describe('warm handoff journey in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(() => browser?.close());
  // A server per attempt: a retry starts from the seed, not from a journey
  // half done (clinicians on duty, an episode with its sessions).
  beforeEach(async () => {
    server = await startTestServer({
      env: { CALL_RECONNECT_GRACE_SECONDS: '5' },
    });
  }, 120_000);
  afterEach(() => server?.close());

  it('alert, handoff, three-way call, three sessions, report, fourth refused, step-up ring', async () => {
    const pcpCtx = await newContext(browser, server.url, DESKTOP);
    const bhCtx = await newContext(browser, server.url, DESKTOP);
    const psyCtx = await newContext(browser, server.url, DESKTOP);
    const pcp = await pcpCtx.newPage();
    const bh = await bhCtx.newPage();
    const psy = await psyCtx.newPage();
    const errors = {
      pcp: collectPageErrors(pcp),
      bh: collectPageErrors(bh),
      psy: collectPageErrors(psy),
    };

    // Both consultants on duty: only the behavioral health line may ring.
    await goOnDuty(bh, 'bh@demo.test');
    await goOnDuty(psy, 'psych.child@demo.test');
    let psychiatristRung = 0;
    await psy.exposeFunction('__rung', () => psychiatristRung++);
    await psy.evaluate(() => {
      new MutationObserver(() => {
        if (document.querySelector('[role="alertdialog"]'))
          (window as unknown as { __rung(): void }).__rung();
      }).observe(document.body, { childList: true, subtree: true });
    });

    // The PCP screens Lena in the room: item 9 positive opens an alert.
    const pcpSession = await login(server.url, 'pcp@demo.test');
    const lena = (
      await server.services.db.query<{ id: string }>(
        `SELECT id FROM patients WHERE given_name = 'Lena'`,
      )
    ).rows[0]!.id;
    await signIn(pcp, 'pcp@demo.test');
    const screened = await api(
      server.url,
      'POST',
      `/api/patients/${lena}/assessments`,
      {
        token: pcpSession.token,
        body: {
          instrument: 'phq9',
          items: [2, 2, 2, 1, 1, 1, 1, 1, 1],
          answeredBy: 'patient',
        },
      },
    );
    expect(screened.status).toBe(201);
    const banner = pcp.getByTestId('safety-alerts');
    await banner.getByText('Safety alert').waitFor();
    await screenshot(pcp, 'handoff-pcp-alert-open');

    // One click from the alert.
    await banner.getByRole('button', { name: 'Warm handoff now' }).click();
    await pcp.waitForURL(/\/handoffs\/[0-9a-f-]{36}$/);
    const consultId = pcp.url().split('/handoffs/')[1]!;
    await pcp.getByText(/Ringing behavioral health clinicians/).waitFor();
    await pcp.getByText('Lena Novak').waitFor();
    await screenshot(pcp, 'handoff-pcp-ringing');

    // The BH clinician's ring shows why: the alert's screen rides along.
    const ring = bh.getByRole('alertdialog', { name: /Warm handoff request/ });
    await ring.waitFor();
    await ring
      .getByText(/Warm handoff from a safety alert on the PHQ-9/)
      .waitFor();
    expect(await ring.textContent()).toMatch(/Screen/);
    expect(await seriousA11yViolations(bh)).toEqual([]);
    await screenshot(bh, 'handoff-bh-ringing');
    await ring.getByRole('button', { name: 'Accept' }).click();
    await bh.waitForURL(`**/consults/${consultId}`);

    // The PCP is told at once and joins with the patient from this browser.
    const join = pcp.getByRole('link', {
      name: 'Join the call with the patient',
    });
    await join.waitFor();
    await pcp.getByText(/Rosa Alvarez/).waitFor();
    await screenshot(pcp, 'handoff-pcp-answered');
    await join.click();
    await bh.getByRole('button', { name: 'Start the call' }).click();
    await Promise.all([mediaFlowsFrom(pcp, 1), mediaFlowsFrom(bh, 1)]);
    await screenshot(bh, 'handoff-two-way-call');

    // A patient device at home joins by invite link: a three-way call.
    await bh.getByLabel('Their name').fill('Lena Novak');
    await bh.getByRole('button', { name: 'Create invite link' }).click();
    const inviteUrl = await bh.getByTestId('invite-url').inputValue();
    const homeCtx = await newContext(browser, server.url, PHONE);
    const home = await homeCtx.newPage();
    const homeErrors = collectPageErrors(home);
    await checkInAtHome(home, inviteUrl);
    await bh.getByRole('button', { name: 'Admit Lena Novak' }).click();
    await home.getByRole('heading', { name: 'In your visit' }).waitFor();
    await Promise.all([
      mediaFlowsFrom(bh, 2),
      mediaFlowsFrom(pcp, 2),
      videosPlaying(home, 2, 45_000),
    ]);
    // The patient is told who is who: a BH clinician is not a psychiatrist.
    expect(await home.locator('.tiles figcaption').allTextContents()).toEqual(
      expect.arrayContaining([
        'Rosa Alvarez, LICSW (behavioral health clinician)',
        'Dr. Paula Chen (primary care clinician)',
      ]),
    );
    await screenshot(bh, 'handoff-three-way-call-bh');
    await screenshot(pcp, 'handoff-three-way-call-pcp');
    await screenshot(home, 'handoff-three-way-call-home');

    await bh.getByRole('button', { name: 'End call for everyone' }).click();
    await bh.getByRole('heading', { name: 'Call ended' }).waitFor();
    await pcp.getByRole('heading', { name: 'Call ended' }).waitFor();
    expect(psychiatristRung).toBe(0);
    // Back from the call, both land on the handoff (a handoff has no
    // psychiatry report to wait for or write).
    await pcp.getByRole('button', { name: 'Back to the consult' }).click();
    await pcp.getByText('The handoff call has ended.').waitFor();
    await screenshot(pcp, 'handoff-pcp-after-call');
    await bh.getByRole('button', { name: 'Back to the consult' }).click();
    const toEpisode = bh.getByRole('link', {
      name: 'Open the episode: sessions and the report to the PCP',
    });
    await toEpisode.waitFor();
    await screenshot(bh, 'handoff-bh-after-call');

    // The handoff's moments are recorded.
    const h = await api(
      server.url,
      'GET',
      `/api/consults/${consultId}/handoff`,
      { token: pcpSession.token },
    );
    expect(h.body).toMatchObject({ state: 'ended' });
    expect(h.body.secondsToAnswer).toBeGreaterThanOrEqual(0);
    const episodeId: string = h.body.episodeId;

    // The PCP keeps the episode open; the report will arrive live.
    await pcp.goto(`/episodes/${episodeId}`);
    await pcp.getByText('No report yet.').waitFor();

    // Three sessions, first and last with a PHQ-9.
    await toEpisode.click();
    await bh.waitForURL(`**/episodes/${episodeId}`);
    await bh.getByText('Lena Novak', { exact: true }).waitFor();
    await recordSession(bh, 1, { focus: 'Safety plan, low mood', phq9: 16 });
    await recordSession(bh, 2, { focus: 'Behavioral activation' });
    await recordSession(bh, 3, { focus: 'Relapse prevention', phq9: 9 });
    await screenshot(bh, 'handoff-episode-three-sessions');

    // The fourth is refused with the server's sentence and both ways on.
    await recordSession(bh, 4, { focus: 'One more' });
    await bh.getByRole('alert').getByText(LIMIT_SENTENCE).waitFor();
    await bh
      .getByRole('heading', { name: 'Episode: 3 of 3 sessions' })
      .waitFor();
    await screenshot(bh, 'handoff-episode-fourth-refused');

    // The signed report reaches the PCP's open page without a reload.
    await bh
      .getByLabel('Summary')
      .fill('Three sessions of CBT skills; mood improved, still low.');
    await bh
      .getByLabel('Recommendations')
      .fill('Psychiatry to review medication; keep the safety plan.');
    await bh.getByRole('button', { name: 'Sign and send' }).click();
    await bh.getByText('Signed and sent to the PCP.').waitFor();
    await pcp
      .getByText('Psychiatry to review medication; keep the safety plan.')
      .waitFor();
    await pcp.getByRole('link', { name: 'Printable report' }).waitFor();
    await screenshot(pcp, 'handoff-pcp-report');

    // Stepping up rings the psychiatrist with the episode's summary.
    await bh.getByRole('button', { name: 'Step up to psychiatry' }).click();
    const psyRing = psy.getByRole('alertdialog', { name: /consult request/ });
    const asked = psyRing
      .locator('.offer-question')
      .filter({ hasText: 'Stepped up' });
    await asked.waitFor();
    const question = await asked.textContent();
    expect(question).toContain(
      'Stepped up from a short behavioral health episode.',
    );
    expect(question).toContain('Sessions held: 3.');
    expect(question).toMatch(/session 1: PHQ-9 16; session 3: PHQ-9 9/);
    expect(question).toContain('Clinician summary: Three sessions');
    await screenshot(psy, 'handoff-step-up-ring');
    await bh
      .getByText(/Stepped up: a psychiatry consult was requested/)
      .waitFor();
    await screenshot(bh, 'handoff-episode-stepped-up');

    expect(errors.pcp).toEqual([]);
    expect(errors.bh.filter((e) => !/409/.test(e))).toEqual([]);
    expect(errors.psy).toEqual([]);
    expect(homeErrors).toEqual([]);
  }, 300_000);
});
