import { serverAndBrowser } from '../support/e2e-suite';
import {
  collectPageErrors,
  DESKTOP,
  fillBirthDate,
  newContext,
  PHONE,
  screenshot,
  signIn,
} from '../support/client-pages';
import { api } from '../support/test-server';
import { DEMO_MINOR, invite, visitNow } from '../support/visit-fixtures';

/**
 * Issue 19, consent asked once: the guardian's online consent carries the
 * cost-sharing notice; the child's own link then shows that consent as
 * given (no parent's box to tick); the PCP's consult page says "Carmen
 * Martinez consented online at …" instead of asking for a second entry, and
 * billing finds that consent. Needs `npm run build:client` first.
 */
describe('consent asked once', () => {
  const suite = serverAndBrowser();

  it('the guardian consents online with the cost-sharing notice; the child and the PCP are not asked again', async () => {
    const v = await visitNow(suite.server, DEMO_MINOR);
    const guardian = await invite(suite.server, v, {
      role: 'guardian',
      displayName: 'Carmen Martinez',
      language: 'es',
    });
    const child = await invite(suite.server, v, {
      role: 'patient',
      displayName: 'Maya Rivera',
      language: 'en',
    });

    // The guardian, in Spanish on a phone: the consent she signs names the cost sharing.
    const phone = await newContext(suite.browser, suite.server.url, PHONE);
    const g = await phone.newPage();
    const gErrors = collectPageErrors(g);
    await g.goto(guardian.url);
    await g.getByRole('button', { name: 'Unirme a mi consulta' }).click();
    await g.locator('[data-check="camera"][data-status="ok"]').waitFor();
    await g.getByRole('button', { name: 'Continuar' }).click();
    await g.getByLabel('Su nombre completo').fill('Carmen Martinez');
    await g.getByLabel('Relación con el paciente').selectOption('parent');
    await fillBirthDate(g, DEMO_MINOR.birthDate, 'es');
    await g.getByRole('button', { name: 'Continuar' }).click();
    await g.getByRole('heading', { name: 'Por favor lea y acepte' }).waitFor();
    const guardianBox = g.locator('fieldset[data-kind="guardian_for_minor"]');
    expect(await guardianBox.innerText()).toContain('copago');
    for (const box of await g.getByLabel('Leí esto y estoy de acuerdo').all())
      await box.check();
    await g
      .getByLabel('Su nombre completo (como firma)')
      .fill('Carmen Martinez');
    await screenshot(g, 'consent-once-guardian-es');
    await g.getByRole('button', { name: 'Aceptar y continuar' }).click();
    await g
      .getByRole('heading', { name: 'Está en la sala de espera' })
      .waitFor();

    // The child's own link: one box (their own), the guardian's consent said as given.
    const childPhone = await newContext(suite.browser, suite.server.url, PHONE);
    const c = await childPhone.newPage();
    const cErrors = collectPageErrors(c);
    await c.goto(child.url);
    await c.getByRole('button', { name: 'Join my visit' }).click();
    await c.locator('[data-check="camera"][data-status="ok"]').waitFor();
    await c.getByRole('button', { name: 'Continue' }).click();
    await c.getByLabel('First name').fill(DEMO_MINOR.givenName);
    await c.getByLabel('Last name').fill(DEMO_MINOR.familyName);
    await fillBirthDate(c, DEMO_MINOR.birthDate);
    await c.getByRole('button', { name: 'Continue' }).click();
    await c.getByRole('heading', { name: 'Please read and agree' }).waitFor();
    await c
      .getByText(
        'Your parent or guardian has already given their consent for this visit.',
      )
      .waitFor();
    expect(await c.locator('fieldset.consent').count()).toBe(1);
    expect(
      await c.locator('fieldset[data-kind="guardian_for_minor"]').count(),
    ).toBe(0);
    expect(await c.getByText('If you are the parent or guardian').count()).toBe(
      0,
    );
    await screenshot(c, 'consent-once-child');
    await c.getByLabel('I have read this and I agree').check();
    await c.getByLabel('Your full name (as a signature)').fill('Maya Rivera');
    await c.getByRole('button', { name: 'Agree and continue' }).click();
    await c
      .getByRole('heading', { name: 'You are in the waiting room' })
      .waitFor();

    // One documented consult consent, written online, with the notice
    // (same transaction as the guardian's visit consent: no wait needed).
    const rows = await suite.server.services.db.query(
      `SELECT given_by, given_by_name, method, cost_sharing_notice_given
         FROM patient_consents WHERE consult_id = $1`,
      [v.consult.consultId],
    );
    expect(rows.rows).toEqual([
      {
        given_by: 'guardian',
        given_by_name: 'Carmen Martinez',
        method: 'written',
        cost_sharing_notice_given: true,
      },
    ]);

    // The PCP's consult page: said, not asked.
    const desk = await newContext(suite.browser, suite.server.url, DESKTOP);
    const pcp = await desk.newPage();
    const pcpErrors = collectPageErrors(pcp);
    await signIn(pcp, 'pcp@demo.test');
    await pcp.goto(`/consults/${v.consult.consultId}`);
    await pcp
      .getByText(/Carmen Martinez consented online at .*cost-sharing notice/)
      .waitFor();
    expect(
      await pcp.getByRole('button', { name: 'Record verbal consent' }).count(),
    ).toBe(0);
    await screenshot(pcp, 'consent-once-pcp');

    // Both visitors may be admitted: the minor on the guardian's consent.
    const admit = await api(
      suite.server.url,
      'POST',
      `/api/visits/${v.visitId}/participants/${child.participantId}/admit`,
      { token: v.psychiatrist.token, body: {} },
    );
    expect(admit.status).toBe(200);
    expect(gErrors).toEqual([]);
    expect(cErrors).toEqual([]);
    expect(pcpErrors).toEqual([]);
    await Promise.all([phone.close(), childPhone.close(), desk.close()]);
  }, 180_000);
});
