import type { Clock } from '../../server/clock';
import { mediaFlowsFrom, videosPlaying } from '../support/call-view-media';
import {
  DESKTOP,
  PHONE,
  collectPageErrors,
  checkInAtHome,
  newContext,
  screenshot,
  seriousA11yViolations,
  signIn,
} from '../support/client-pages';
import { serverAndBrowser } from '../support/e2e-suite';
import {
  demoCareTeam,
  demoPatients,
  enroll,
} from '../support/registry-fixtures';

/**
 * A care manager's video contact through the real web client (issue #16):
 * "Start video contact" on the patient's registry page gives a link; the
 * patient opens it on a phone, checks in and waits; the care manager joins
 * in their own seat and admits them; both see each other; ten minutes of
 * server time later the care manager ends the call, and the contact shows
 * on the patient page with the call's minutes, entered by nobody; the
 * care manager then sets its next contact date on that row. Needs
 * `npm run build:client` first.
 */

// Server time runs from real time, moved forward while both are connected
// (less than the 15-minute access token, so nobody is signed out).
let offset = 0;
const clock: Clock = { now: () => new Date(Date.now() + offset) };

describe('a care-manager video contact in the browser', () => {
  const env = serverAndBrowser({
    clock,
    env: { CALL_RECONNECT_GRACE_SECONDS: '5' },
  });
  let patientId: string;

  beforeAll(async () => {
    const { server } = env;
    const team = await demoCareTeam(server.url);
    patientId = (await demoPatients(server.url, team)).Lena!;
    const startedOn = new Date(Date.now() - 70 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    expect((await enroll(server.url, team, patientId, startedOn)).status).toBe(
      201,
    );
  }, 60_000);

  it('starts from the registry, the patient joins by link, and the call minutes become the contact', async () => {
    const { server, browser } = env;
    const cmCtx = await newContext(browser, server.url, DESKTOP);
    const cm = await cmCtx.newPage();
    const cmErrors = collectPageErrors(cm);
    await signIn(cm, 'care.manager@demo.test');
    await cm.getByRole('link', { name: 'Lena Novak' }).click();
    await cm.getByText('No contacts yet.').waitFor();

    await cm.getByRole('button', { name: 'Start video contact' }).click();
    const link = cm.getByTestId('video-contact-link');
    await link.waitFor();
    const url = (await link.textContent())!;
    expect(url).toMatch(/\/visit\/join#t=/);
    expect(await seriousA11yViolations(cm)).toEqual([]);
    await screenshot(cm, 'video-contact-1-link');
    await cm.getByRole('button', { name: 'Join the call' }).click();
    await cm.waitForURL(/\/registry\/patients\/[0-9a-f-]{36}\/video\//);
    await cm.getByRole('heading', { name: 'Video contact' }).waitFor();
    await cm.locator('[data-call-state="joined"]').waitFor();

    // The patient at home: the link, check-in, the waiting room.
    const homeCtx = await newContext(browser, server.url, PHONE);
    const home = await homeCtx.newPage();
    const homeErrors = collectPageErrors(home);
    await checkInAtHome(home, url);
    await cm.getByRole('button', { name: 'Admit Lena Novak' }).click();
    await home.getByRole('heading', { name: 'In your visit' }).waitFor();
    await Promise.all([mediaFlowsFrom(cm, 1), videosPlaying(home, 1, 45_000)]);
    // The patient is told who they see: a care manager.
    expect(await home.locator('.tiles figcaption').allTextContents()).toEqual(
      expect.arrayContaining(['Riley Park (care manager)']),
    );
    await screenshot(cm, 'video-contact-2-care-manager-in-call');
    await screenshot(home, 'video-contact-3-patient-in-call');

    // Ten minutes together (server time), then the care manager ends it.
    offset += 10 * 60_000 + 5_000;
    await cm.getByRole('button', { name: 'End call for everyone' }).click();
    await cm.getByRole('heading', { name: 'Call ended' }).waitFor();
    await screenshot(cm, 'video-contact-4-ended');
    await cm.getByRole('button', { name: 'Back to the patient' }).click();
    const row = cm.locator('tr', { hasText: 'Video' });
    // The contact is written beside the call's end: reload until it shows.
    for (let i = 0; i < 20 && !(await row.count()); i++) {
      await cm.waitForTimeout(250);
      await cm.reload();
      await cm.getByText(/care-manager time this month/).waitFor();
    }
    await row.waitFor();
    expect(await row.locator('td').allTextContents()).toEqual(
      expect.arrayContaining(['Video', 'Reached', '10']),
    );
    await cm.getByText('10 of 31 min').waitFor();
    await screenshot(cm, 'video-contact-5-contact-listed');
    expect(await seriousA11yViolations(cm)).toEqual([]);

    // The call wrote no next contact date: the care manager sets it on the
    // contact's row, by keyboard, and the row then shows the date.
    const nextOn = new Date(clock.now().getTime() + 14 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const field = row.getByLabel('Next contact');
    await field.fill(nextOn);
    await field.press('Enter');
    await row.getByLabel('Next contact').waitFor({ state: 'detached' });
    const [y, m, d] = nextOn.split('-').map(Number) as number[];
    const shown = await cm.evaluate(
      ([y, m, d]) =>
        new Date(y!, m! - 1, d!).toLocaleDateString(undefined, {
          dateStyle: 'medium',
        }),
      [y, m, d],
    );
    expect(await row.locator('td').last().textContent()).toBe(shown);
    await screenshot(cm, 'video-contact-6-next-contact-set');
    expect(await seriousA11yViolations(cm)).toEqual([]);
    expect(cmErrors).toEqual([]);
    expect(homeErrors).toEqual([]);
    await homeCtx.close();
    await cmCtx.close();
  }, 180_000);
});
