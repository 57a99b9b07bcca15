import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { signIn } from './browser';

/** Demo accounts the intelligence tests sign in as. */
export const TH_ANALYST = 'analyst@th-ccib.demo'; // profile language: Thai
export const KH_ANALYST = 'analyst@kh-police.demo'; // profile language: English
export const WELCOME_TH = /ยินดีต้อนรับ/;

/** Signs the Thai analyst in, in Thai: another test may have switched that profile to English. */
export async function signInInThai(page: Page) {
  await signIn(page, TH_ANALYST, undefined, /ยินดีต้อนรับ|Welcome/);
  await page.getByTestId('language-switch').getByText('ไทย').click();
  await page.getByRole('heading', { level: 1, name: WELCOME_TH }).waitFor();
  // The document's language follows the UI's without a reload (screen readers pick their voice from it).
  expect(await page.locator('html').getAttribute('lang')).toBe('th');
}
