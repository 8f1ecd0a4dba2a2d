import type { Page } from 'playwright-core';
import { serverAndBrowser } from '../support/e2e-suite';
import { DEMO_CONTACTS } from '../../server/seed';
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
 * Issue 19, families: a guardian's Spanish link works again from a new
 * device (identity asked again, the old visit token revoked, consent not
 * asked twice), a second device at the same time is refused with a
 * sentence in Spanish and the clinic's number, the date of birth is three
 * labelled fields, the controls and Continue stay on a 390x844 screen, a
 * reload says "Reconectando…", and the clinician makes a new link in one tap
 * and is asked before removing someone. Needs `npm run build:client` first.
 */
const offset = { ms: 0 };
const clock = { now: () => new Date(Date.now() + offset.ms) };

const inViewport = async (page: Page, name: string) => {
  const box = await page.getByRole('button', { name }).boundingBox();
  return !!box && box.y >= 0 && box.y + box.height <= PHONE.height;
};

async function checkInGuardian(page: Page, url: string, firstTime: boolean) {
  await page.goto(url);
  await page.getByRole('button', { name: 'Unirme a mi consulta' }).click();
  await page
    .getByRole('heading', { name: 'Revise su cámara y sonido' })
    .waitFor();
  await page.locator('[data-check="camera"][data-status="ok"]').waitFor();
  await page.locator('[data-check="microphone"][data-status="ok"]').waitFor();
  // Continue is on screen without scrolling past the camera preview.
  expect(await inViewport(page, 'Continuar')).toBe(true);
  await page.getByRole('button', { name: 'Continuar' }).click();
  await page.getByRole('heading', { name: 'Confirme quién es' }).waitFor();
  await page.getByLabel('Su nombre completo').fill('Carmen Martinez');
  await page.getByLabel('Relación con el paciente').selectOption('parent');
  await fillBirthDate(page, DEMO_MINOR.birthDate, 'es');
  if (firstTime) await screenshot(page, 'family-identity-es-phone');
  await page.getByRole('button', { name: 'Continuar' }).click();
  if (firstTime) {
    await page
      .getByRole('heading', { name: 'Por favor lea y acepte' })
      .waitFor();
    await page.getByLabel('Leí esto y estoy de acuerdo').first().waitFor();
    for (const box of await page
      .getByLabel('Leí esto y estoy de acuerdo')
      .all())
      await box.check();
    await page
      .getByLabel('Su nombre completo (como firma)')
      .fill('Carmen Martinez');
    await page.getByRole('button', { name: 'Aceptar y continuar' }).click();
  }
  await page
    .getByRole('heading', { name: 'Está en la sala de espera' })
    .waitFor();
}

describe('family links that survive a lost tab', () => {
  const suite = serverAndBrowser({ clock });

  it('a guardian re-enters from a new device in Spanish; a second device at once is refused', async () => {
    const v = await visitNow(suite.server, DEMO_MINOR);
    const guardian = await invite(suite.server, v, {
      role: 'guardian',
      displayName: 'Carmen Martinez',
      language: 'es',
    });
    expect(guardian.url).toContain('&l=es');
    const admit = () =>
      api(
        suite.server.url,
        'POST',
        `/api/visits/${v.visitId}/participants/${guardian.participantId}/admit`,
        { token: v.psychiatrist.token, body: {} },
      );

    // The psychiatrist is in the visit's call on their screen.
    const psyCtx = await newContext(suite.browser, suite.server.url, DESKTOP);
    const psy = await psyCtx.newPage();
    const psyErrors = collectPageErrors(psy);
    await signIn(psy, 'psych.child@demo.test');
    await psy.goto(`/consults/${v.consult.consultId}/call`);
    await psy.getByRole('heading', { name: 'Visit call' }).waitFor();

    // First phone: the whole check-in in Spanish, then admitted.
    const phone1 = await newContext(suite.browser, suite.server.url, PHONE);
    const g1 = await phone1.newPage();
    const g1Errors = collectPageErrors(g1);
    await checkInGuardian(g1, guardian.url, true);
    const firstToken = await g1.evaluate(() =>
      sessionStorage.getItem('visit.token'),
    );
    expect((await admit()).status).toBe(200);
    await g1.getByRole('heading', { name: 'En su consulta' }).waitFor();
    // The call controls stay in reach on the phone.
    for (const name of ['Silenciar', 'Salir de la consulta'])
      expect(await inViewport(g1, name)).toBe(true);
    await screenshot(g1, 'family-in-call-phone');

    // A reload of the same tab reconnects and says so, in Spanish. The
    // notice lasts only as long as the reconnection, which can end before a
    // wait for it starts: the reloaded page records that it was shown.
    await g1.addInitScript(() => {
      const w = window as unknown as { sawReconnecting?: boolean };
      new MutationObserver(() => {
        if (document.body?.innerText.includes('Reconectando…'))
          w.sawReconnecting = true;
      }).observe(document, {
        subtree: true,
        childList: true,
        characterData: true,
      });
    });
    await g1.reload();
    await g1.getByRole('heading', { name: 'En su consulta' }).waitFor();
    await g1.waitForFunction(
      () =>
        (window as unknown as { sawReconnecting?: boolean }).sawReconnecting ===
        true,
    );
    await screenshot(g1, 'family-reload-reconnecting');

    // A second device while the first is in use: refused, in Spanish, with the clinic's number.
    const phone2 = await newContext(suite.browser, suite.server.url, PHONE);
    const g2 = await phone2.newPage();
    await g2.goto(guardian.url);
    await g2.getByRole('button', { name: 'Unirme a mi consulta' }).click();
    await g2
      .getByRole('heading', {
        name: 'Esta consulta está abierta en otro dispositivo',
      })
      .waitFor();
    const call = g2.getByRole('link', { name: /Llame a su clínica/ });
    expect(await call.getAttribute('href')).toBe(
      `tel:${DEMO_CONTACTS.programPhone}`,
    );
    await screenshot(g2, 'family-open-elsewhere-es');

    // Android kills the first tab; later she taps the same text on the new phone.
    await phone1.close();
    offset.ms += 45_000;
    await g2.getByRole('button', { name: 'Unirme a mi consulta' }).click();
    // Identity is asked again on the new device; consent is not.
    await g2
      .getByRole('heading', { name: 'Revise su cámara y sonido' })
      .waitFor();
    await g2.getByRole('button', { name: 'Continuar' }).click();
    await g2.getByRole('heading', { name: 'Confirme quién es' }).waitFor();
    await g2.getByLabel('Su nombre completo').fill('Carmen Martinez');
    await g2.getByLabel('Relación con el paciente').selectOption('parent');
    await fillBirthDate(g2, DEMO_MINOR.birthDate, 'es');
    await g2.getByRole('button', { name: 'Continuar' }).click();
    await g2
      .getByRole('heading', { name: 'Está en la sala de espera' })
      .waitFor();
    // The first device's visit token no longer works.
    const old = await api(suite.server.url, 'GET', '/api/visit/me', {
      token: firstToken!,
    });
    expect(old.status).toBe(401);
    expect((await admit()).status).toBe(200);
    await g2.getByRole('heading', { name: 'En su consulta' }).waitFor();

    // The clinician: a new link in one tap; removing asks first.
    await psy
      .getByRole('button', { name: 'New link for Carmen Martinez' })
      .click();
    expect(await psy.getByTestId('invite-url').inputValue()).toContain(
      '/visit/join#t=',
    );
    await psy.getByRole('button', { name: 'Remove Carmen Martinez' }).click();
    const ask = psy.getByRole('alertdialog', {
      name: 'Remove Carmen Martinez?',
    });
    await ask.waitFor();
    await ask.getByRole('button', { name: 'Keep' }).click();
    await ask.waitFor({ state: 'detached' });
    // The phone section says what is there before any tap.
    await psy.getByTestId('phone-unavailable').waitFor();
    await screenshot(psy, 'family-clinician-call-phone-section');
    expect(psyErrors).toEqual([]);
    expect(g1Errors).toEqual([]);
    await phone2.close();
    await psyCtx.close();
  }, 180_000);
});
