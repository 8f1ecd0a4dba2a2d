import { mkdirSync } from 'node:fs';
import path from 'node:path';
import axe from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import { DEMO_PASSWORD } from '../../server/seed';

/** Headless Debian Chromium with fake camera and microphone: the launcher every e2e test shares. */
export const launchChromium = launchBrowser;

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

export async function newContext(
  browser: Browser,
  baseUrl: string,
  viewport: { width: number; height: number } = DESKTOP,
): Promise<BrowserContext> {
  const ctx = await browser.newContext({
    baseURL: baseUrl,
    viewport,
    permissions: ['camera', 'microphone'],
  });
  return ctx;
}

/** Signs in through the real login form, as a clinician would. */
export async function signIn(
  page: Page,
  email: string,
  password = DEMO_PASSWORD,
): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Console errors and uncaught exceptions, so a test can assert the page ran clean. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // A 4xx answer is an expected outcome the screen explains (no report yet, not found); the browser logs it anyway.
    if (
      m.type() === 'error' &&
      !/^Failed to load resource: the server responded with a status of 4\d\d/.test(
        m.text(),
      )
    )
      errors.push(`console: ${m.text()}`);
  });
  return errors;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Runs axe-core in the page; returns the serious and critical violations. */
export async function seriousA11yViolations(
  page: Page,
): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(
    () => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined',
  );
  // Evaluated through the DevTools protocol, not as a <script> tag: the app's
  // Content-Security-Policy refuses inline scripts, as it should.
  if (!loaded) await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const a = (window as unknown as { axe: typeof import('axe-core') }).axe;
    const r = await a.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  return violations.filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
}

export const SCREENSHOT_DIR = path.resolve(
  __dirname,
  '../../test-artifacts/screenshots',
);

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

const DOB_WORDS = {
  en: { day: 'Day', month: 'Month', year: 'Year' },
  es: { day: 'Día', month: 'Mes', year: 'Año' },
} as const;

/** Types a date of birth (YYYY-MM-DD) into the patient page's three labelled fields. */
export async function fillBirthDate(
  page: Page,
  iso: string,
  lang: 'en' | 'es' = 'en',
): Promise<void> {
  const [year, month, day] = iso.split('-') as [string, string, string];
  const w = DOB_WORDS[lang];
  await page.getByLabel(w.day, { exact: true }).fill(String(Number(day)));
  await page.getByLabel(w.month, { exact: true }).selectOption(month);
  await page.getByLabel(w.year, { exact: true }).fill(year);
}

/**
 * The demo adult patient (Lena Novak) at home, by her visit link: device
 * check, identity, consent, then the waiting room.
 */
export async function checkInAtHome(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: 'Join my visit' }).click();
  await page.locator('[data-check="camera"][data-status="ok"]').waitFor();
  await page
    .locator('[data-check="network"]:not([data-status="checking"])')
    .waitFor();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('First name').fill('Lena');
  await page.getByLabel('Last name').fill('Novak');
  await fillBirthDate(page, '1994-01-23');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('I have read this and I agree').check();
  await page.getByLabel('Your full name (as a signature)').fill('Lena Novak');
  await page.getByRole('button', { name: 'Agree and continue' }).click();
  await page
    .getByRole('heading', { name: 'You are in the waiting room' })
    .waitFor();
}

/** A new context and page signed in as `email`, its errors collected from the start. */
export async function signedInPage(
  browser: Browser,
  baseUrl: string,
  email: string,
  viewport: { width: number; height: number } = DESKTOP,
): Promise<{ ctx: BrowserContext; page: Page; errors: string[] }> {
  const ctx = await newContext(browser, baseUrl, viewport);
  const page = await ctx.newPage();
  const errors = collectPageErrors(page);
  await signIn(page, email);
  return { ctx, page, errors };
}
