import type { Browser, Page } from 'playwright-core';
import { localDate } from '../../server/billing/calendar-days';
import type { RunningServer } from '../../server/main';
import { acceptedConsult } from '../support/consult-fixtures';
import {
  collectPageErrors,
  launchChromium,
  newContext,
  screenshot,
  seriousA11yViolations,
  signIn,
} from '../support/client-pages';
import { startTestServer } from '../support/test-server';

const NEW_PASSWORD = 'hilltown river stone';
// Browser tests may retry once on the same server: each attempt its own names.
let attempt = 0;

/**
 * The program's sign-up journey in Chromium: an admin enrols a practice,
 * sets the hours (closed today), puts a psychiatrist on call and invites a
 * PCP; the PCP sets a password from the link and asks for a consult while
 * the program is closed (next opening, crisis guidance, scheduled callback);
 * a spent link reads as such; a coordinator drills from "within target" to
 * the consults behind it.
 */
describe('program sign-up journey in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let fast: string;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    const db = server.services.db;
    await db.query(`UPDATE practices SET enrolled_on = '2020-01-01'`);
    const a = await acceptedConsult(db, { status: 'completed' });
    const b = await acceptedConsult(db, { status: 'completed' });
    fast = a.consultId;
    for (const [id, minutes] of [
      [a.consultId, 12],
      [b.consultId, 55],
    ] as const)
      await db.query(
        `UPDATE consults SET created_at = now() - interval '2 days',
           call_started_at = now() - interval '2 days' + $2 * interval '1 minute',
           disposition = 'advice_to_pcp' WHERE id = $1`,
        [id, minutes],
      );
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const noA11yProblems = async (page: Page) =>
    expect(await seriousA11yViolations(page)).toEqual([]);

  it('admin enrols and invites, the PCP signs up and asks outside hours, a coordinator drills', async () => {
    attempt++;
    const practice = `Hilltown Family Health ${attempt}`;
    const email = `ada.hill.${attempt}@hilltown.test`;
    const colleagueEmail = ['pcp2@demo.test', 'care.manager@demo.test'][
      attempt - 1
    ]!;
    const adminCtx = await newContext(browser, server.url);
    const admin = await adminCtx.newPage();
    const adminErrors = collectPageErrors(admin);
    await signIn(admin, 'admin@demo.test');

    // Enrol a rural practice with the basis of its flag.
    await admin.getByRole('link', { name: 'Practices' }).click();
    await admin.getByLabel('Practice name').fill(practice);
    await admin.getByRole('textbox', { name: 'State', exact: true }).fill('ma');
    await admin.getByLabel('Address').fill('1 Main St, Hilltown, MA');
    await admin.getByLabel('Rural practice').check();
    await admin.getByLabel('Basis of the rural flag').fill('RUCA 7.2');
    await admin.getByRole('button', { name: 'Enrol practice' }).click();
    await admin.getByText(`${practice} is enrolled.`).waitFor();
    await admin
      .getByRole('row')
      .filter({ hasText: practice })
      .getByRole('cell', { name: 'Yes (RUCA 7.2)' })
      .waitFor();
    await noA11yProblems(admin);
    await screenshot(admin, 'signup-admin-practices');

    // Weekly hours every day, and today a holiday: closed now.
    await admin.getByRole('link', { name: 'Hours' }).click();
    for (const day of [
      'Monday',
      'Tuesday',
      'Wednesday',
      'Thursday',
      'Friday',
      'Saturday',
      'Sunday',
    ])
      await admin.getByRole('button', { name: `Add ${day} hours` }).click();
    const today = localDate(Date.now(), 'America/New_York');
    await admin.getByLabel('Holiday (closed all day)').fill(today);
    await admin.getByRole('button', { name: 'Add holiday' }).click();
    await admin.getByRole('button', { name: 'Save hours' }).click();
    await admin.getByText('Hours saved.').waitFor();
    await admin.getByText(/The program is closed now; it opens/).waitFor();
    await noA11yProblems(admin);
    await screenshot(admin, 'signup-admin-hours');

    // A psychiatrist on call tonight, overnight.
    await admin.getByRole('link', { name: 'On-call roster' }).click();
    const psychiatrist = admin.getByLabel('Psychiatrist');
    await psychiatrist.locator('option').nth(1).waitFor({ state: 'attached' });
    await psychiatrist.selectOption({ index: 1 });
    await admin.getByLabel('Starts').fill('20:00');
    await admin.getByLabel(/^Ends/).fill('08:00');
    await admin.getByRole('button', { name: 'Add shift' }).click();
    await admin.getByText(/is on call .*, 20:00 to 08:00\./).waitFor();
    await admin.getByRole('cell', { name: '08:00 (next day)' }).waitFor();
    await noA11yProblems(admin);
    await screenshot(admin, 'signup-admin-roster');

    // Invite the PCP; deactivate a colleague after confirming.
    await admin.getByRole('link', { name: 'Users' }).click();
    await admin.getByLabel('Full name').fill('Ada Hill');
    await admin.getByLabel('Email').fill(email);
    await admin.getByLabel('Practice').selectOption({ label: practice });
    await admin.getByLabel('NPI').fill('123');
    await admin.getByRole('button', { name: 'Invite' }).click();
    // A bad NPI is a sentence next to its field.
    await admin.getByText('is 10 digits', { exact: true }).waitFor();
    await admin.getByText('Please check the form: NPI is 10 digits.').waitFor();
    await admin.getByLabel('NPI').fill('1234567893');
    await admin.getByRole('button', { name: 'Invite' }).click();
    const link = admin.getByTestId('invite-link');
    await link.waitFor();
    const inviteUrl = new URL((await link.textContent()) ?? '');
    expect(inviteUrl.pathname).toMatch(/^\/invite\/[A-Za-z0-9_-]{43}$/);
    await admin.getByRole('cell', { name: new RegExp(email) }).waitFor();
    await noA11yProblems(admin);
    await screenshot(admin, 'signup-admin-users');
    const colleague = admin
      .getByRole('row')
      .filter({ hasText: colleagueEmail });
    await colleague.getByRole('button', { name: /^Deactivate/ }).click();
    const confirm = admin.getByRole('alertdialog');
    await confirm.getByText(/signed out everywhere at once/).waitFor();
    await screenshot(admin, 'signup-admin-deactivate-confirm');
    await confirm.getByRole('button', { name: /^Deactivate/ }).click();
    await admin
      .getByText(/is deactivated; their sessions have ended\./)
      .waitFor();
    await colleague.getByText('Deactivated').waitFor();
    expect(adminErrors).toEqual([]);
    await adminCtx.close();

    // The PCP opens the link and sets a password (policy shown).
    const pcpCtx = await newContext(browser, server.url);
    const pcp = await pcpCtx.newPage();
    const pcpErrors = collectPageErrors(pcp);
    await pcp.goto(inviteUrl.pathname);
    await pcp.getByRole('heading', { name: 'Set your password' }).waitFor();
    await pcp.getByText(/At least 12 characters\. A few words/).waitFor();
    await pcp.getByLabel('New password').fill(NEW_PASSWORD);
    await pcp.getByLabel('The same password again').fill('something else');
    await pcp.getByRole('button', { name: 'Set password and sign in' }).click();
    await pcp
      .getByText('The two passwords are not the same.', { exact: false })
      .waitFor();
    await noA11yProblems(pcp);
    await screenshot(pcp, 'signup-invite-password');
    await pcp.getByLabel('The same password again').fill(NEW_PASSWORD);
    await pcp.getByRole('button', { name: 'Set password and sign in' }).click();
    await pcp.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(new URL(pcp.url()).pathname).toBe('/');

    // Outside hours: the next opening, crisis guidance, a scheduled callback.
    await pcp
      .getByRole('combobox', { name: /^Patient/ })
      .selectOption({ label: '+ New patient' });
    await pcp.getByLabel('First name').fill('Robin');
    await pcp.getByLabel('Last name').fill('Hill');
    await pcp.getByLabel('Date of birth').fill('2014-05-02');
    await pcp.getByLabel('State of residence').fill('MA');
    await pcp.getByRole('checkbox', { name: 'Medication' }).check();
    await pcp
      .getByRole('textbox', { name: /^Clinical question/ })
      .fill('Sleep and focus since the move; medication options?');
    await pcp.getByRole('button', { name: 'Request consult' }).click();
    const closed = pcp.getByRole('alert').filter({ hasText: 'closed now' });
    await closed.waitFor();
    const said = (await closed.textContent()) ?? '';
    expect(said).toMatch(/it opens \w+day, \w+ \d+ at 9:00 AM E[SD]T/);
    expect(said).toMatch(/988/);
    expect(said).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    await pcp
      .getByRole('button', {
        name: 'Leave a scheduled callback for the opening',
      })
      .click();
    await pcp.getByText(/^Scheduled: your request will ring/).waitFor();
    await noA11yProblems(pcp);
    await screenshot(pcp, 'signup-pcp-outside-hours');
    const { rows } = await server.services.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM scheduled_callbacks s JOIN users u ON u.id = s.requested_by
        WHERE u.email = $1 AND s.status = 'waiting'`,
      [email],
    );
    expect(rows[0]!.n).toBe(1);
    expect(pcpErrors).toEqual([]);
    await pcpCtx.close();

    // The spent link reads as such.
    const againCtx = await newContext(browser, server.url);
    const again = await againCtx.newPage();
    await again.goto(inviteUrl.pathname);
    await again.getByLabel('New password').fill(NEW_PASSWORD);
    await again.getByLabel('The same password again').fill(NEW_PASSWORD);
    await again
      .getByRole('button', { name: 'Set password and sign in' })
      .click();
    await again
      .getByRole('heading', { name: 'This invitation link cannot be used' })
      .waitFor();
    await screenshot(again, 'signup-invite-spent');
    await againCtx.close();

    // A coordinator drills from "within target" to the consults.
    const coordCtx = await newContext(browser, server.url);
    const coord = await coordCtx.newPage();
    await signIn(coord, 'coordinator@demo.test');
    await coord.getByRole('link', { name: 'Program figures' }).click();
    const within = coord.getByRole('button', {
      name: /^Within target: 1 of 2/,
    });
    await within.click();
    await coord
      .getByRole('heading', { name: 'Records: Within target' })
      .waitFor();
    await coord.getByRole('link', { name: fast }).waitFor();
    await screenshot(coord, 'signup-coordinator-drill');
    await coordCtx.close();
  }, 240_000);
});
